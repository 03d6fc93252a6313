"""The public registry of stakeholders and groupings, under /registry/.

Every pattern here is a public page, the same for every anonymous reader in a language: the
project keeps them whole in its page cache (hlderp/urls.py includes this module with
``public_pages``).
"""

from django.urls import path

from registry import views

app_name = "registry"
urlpatterns = [
    path("", views.StakeholderListView.as_view(), name="list"),
    path("groupings/<slug:slug>/", views.GroupingDetailView.as_view(), name="grouping"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("<slug:slug>/", views.StakeholderDetailView.as_view(), name="stakeholder"),
]
