"""Routes of issues and positions: public figures, the delegate's and the Secretariat's pages."""

from django.urls import path

from consultations.views import positions

# Pages of one process (consultations/urls.py): at the root without a namespace, the addresses of
# the public contract, and under /p/<slug>/; public pages that the project caches.
public_patterns: list = [
    path("positions/", positions.PositionsView.as_view(), name="positions"),
    path("positions.csv", positions.PositionsCSVView.as_view(), name="positions_csv"),
    path("positions.xlsx", positions.PositionsXLSXView.as_view(), name="positions_xlsx"),
    path("positions/<slug:slug>/", positions.PositionListView.as_view(), name="position_list"),
    path("summary/", positions.SummaryView.as_view(), name="summary"),
    path(
        "summary/participants/", positions.ParticipantsView.as_view(), name="summary_participants"
    ),
]

# Spliced into the "delegate" namespace under /delegate/.
delegate_patterns: list = [
    path("positions/", positions.DelegatePositionsView.as_view(), name="positions"),
    path(
        "positions/<int:issue_id>/<int:stakeholder_id>/",
        positions.DelegatePositionRecordView.as_view(),
        name="position-record",
    ),
]

# Spliced into the "secretariat" namespace under /secretariat/.
secretariat_patterns: list = [
    path("positions/", positions.SecretariatPositionsView.as_view(), name="positions"),
    path(
        "positions/<int:issue_id>/",
        positions.SecretariatIssuePositionsView.as_view(),
        name="positions-issue",
    ),
    path(
        "positions/<int:issue_id>/<int:stakeholder_id>/",
        positions.SecretariatPositionRecordView.as_view(),
        name="position-record",
    ),
]
