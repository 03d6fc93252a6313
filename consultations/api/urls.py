"""The consultations API's routes, under /api/v1/ (hlderp/urls.py wires them)."""

from django.urls import path

from consultations.api import views_delegations, views_public, views_statements

app_name = "consultations"
urlpatterns = [
    path("processes/", views_public.ProcessListView.as_view(), name="processes"),
    path("processes/<slug:slug>/", views_public.ProcessDetailView.as_view(), name="process"),
    path(
        "processes/<slug:slug>/positions/",
        views_public.PositionsView.as_view(),
        name="process-positions",
    ),
    path(
        "processes/<slug:slug>/summary/",
        views_public.SummaryView.as_view(),
        name="process-summary",
    ),
    path("meetings/", views_public.MeetingListView.as_view(), name="meetings"),
    path("meetings/<slug:slug>/", views_public.MeetingDetailView.as_view(), name="meeting"),
    path(
        "meetings/<slug:slug>/speakers/",
        views_delegations.SpeakersView.as_view(),
        name="meeting-speakers",
    ),
    path(
        "inscriptions/<int:pk>/withdraw/",
        views_delegations.InscriptionWithdrawView.as_view(),
        name="inscription-withdraw",
    ),
    path("statements/", views_statements.StatementsView.as_view(), name="statements"),
    path(
        "statements/mine/",
        views_statements.OwnStatementListView.as_view(),
        name="statements-mine",
    ),
    path("statements/<int:pk>/", views_statements.StatementView.as_view(), name="statement"),
    path(
        "statements/<int:pk>/file/",
        views_statements.StatementFileView.as_view(),
        name="statement-file",
    ),
    *[
        path(
            f"statements/<int:pk>/{action}/",
            view.as_view(),
            name=f"statement-{action}",
        )
        for action, view in (
            ("submit", views_statements.StatementSubmitView),
            ("withdraw", views_statements.StatementWithdrawView),
            ("publish", views_statements.StatementPublishView),
            ("return", views_statements.StatementReturnView),
        )
    ],
    path("delegations/", views_delegations.DelegationListView.as_view(), name="delegations"),
    path(
        "delegations/<int:pk>/round-tables/",
        views_delegations.RoundTablesView.as_view(),
        name="delegation-round-tables",
    ),
]
