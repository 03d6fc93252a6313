from django.urls import path

from consultations import views

app_name = "delegate"
urlpatterns = [
    path("", views.DelegatePortalView.as_view(), name="portal"),
]
