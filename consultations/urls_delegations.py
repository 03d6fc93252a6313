"""Routes of the Secretariat's delegation pages, spliced into the "secretariat" namespace."""

from django.urls import path

from consultations.views import delegations

secretariat_patterns: list = [
    path("delegations/", delegations.DelegationsView.as_view(), name="delegations"),
    path(
        "delegations/register/",
        delegations.DelegationsRegisterView.as_view(),
        name="delegations-register",
    ),
    path(
        "delegations/import/",
        delegations.DelegationsImportView.as_view(),
        name="delegations-import",
    ),
    path(
        "delegations/import/confirm/",
        delegations.DelegationsImportConfirmView.as_view(),
        name="delegations-import-confirm",
    ),
    path(
        "delegations/template.csv",
        delegations.ImportTemplateView.as_view(file_format="csv"),
        name="delegations-template-csv",
    ),
    path(
        "delegations/template.xlsx",
        delegations.ImportTemplateView.as_view(file_format="xlsx"),
        name="delegations-template-xlsx",
    ),
    path(
        "delegations/<int:delegation_id>/",
        delegations.DelegationView.as_view(),
        name="delegation",
    ),
    path(
        "delegations/<int:delegation_id>/members/add/",
        delegations.MemberAddView.as_view(),
        name="delegation-member-add",
    ),
    path(
        "delegations/<int:delegation_id>/members/remove/",
        delegations.MemberRemoveView.as_view(),
        name="delegation-member-remove",
    ),
    path(
        "delegations/<int:delegation_id>/head/",
        delegations.HeadSetView.as_view(),
        name="delegation-head",
    ),
]
