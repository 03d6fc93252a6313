from django.urls import path

from hlderp.public_cache import public_page
from registry import views

app_name = "registry"
urlpatterns = [
    path("", public_page(views.StakeholderListView.as_view()), name="list"),
    path(
        "groupings/<slug:slug>/", public_page(views.GroupingDetailView.as_view()), name="grouping"
    ),
    path("<slug:slug>/", public_page(views.StakeholderDetailView.as_view()), name="stakeholder"),
]
