"""Pages of issues and positions: the public figures and the Chair's summary, the exports, the
delegate's own positions and the Secretariat's record. consultations/urls_positions.py names
the views from here."""

from consultations.views.positions.public import (
    ParticipantsView,
    PositionListView,
    PositionsCSVView,
    PositionsView,
    PositionsXLSXView,
    SummaryView,
)
from consultations.views.positions.record import (
    DelegatePositionRecordView,
    DelegatePositionsView,
    SecretariatIssuePositionsView,
    SecretariatPositionRecordView,
    SecretariatPositionsView,
)

__all__ = [
    "DelegatePositionRecordView",
    "DelegatePositionsView",
    "ParticipantsView",
    "PositionListView",
    "PositionsCSVView",
    "PositionsView",
    "PositionsXLSXView",
    "SecretariatIssuePositionsView",
    "SecretariatPositionRecordView",
    "SecretariatPositionsView",
    "SummaryView",
]
