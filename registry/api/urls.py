"""The registry's API routes, under /api/v1/registry/."""

from django.urls import path

from registry.api import views

app_name = "registry"
urlpatterns = [
    path("stakeholders/", views.StakeholderListView.as_view(), name="stakeholders"),
    path("stakeholders/<slug:slug>/", views.StakeholderDetailView.as_view(), name="stakeholder"),
    path("regional-groups/", views.RegionalGroupListView.as_view(), name="regional-groups"),
    path("groupings/", views.GroupingListView.as_view(), name="groupings"),
    path("groupings/<slug:slug>/", views.GroupingDetailView.as_view(), name="grouping"),
]
