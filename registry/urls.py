from django.urls import path

from registry import views

app_name = "registry"
urlpatterns = [
    path("", views.StakeholderListView.as_view(), name="list"),
    path("groupings/<slug:slug>/", views.GroupingDetailView.as_view(), name="grouping"),
    path("<slug:slug>/", views.StakeholderDetailView.as_view(), name="stakeholder"),
]
