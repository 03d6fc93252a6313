"""Models of a consultation: processes and their meetings, seats, speakers lists."""

from consultations.models.chair_summary import ChairSummary, ChairSummarySection
from consultations.models.export_files import ExportFile
from consultations.models.floor import Floor, FloorEvent, FloorTurn
from consultations.models.meetings import Meeting, MeetingChair, MeetingNote, Room, Venue
from consultations.models.processes import (
    Delegation,
    DelegationMember,
    Document,
    DocumentVersion,
    Process,
    ProcessDocument,
    ProcessLink,
)
from consultations.models.seats import Seat, SeatPreference
from consultations.models.speakers import Inscription, InscriptionMove, SpeakersList
from consultations.models.statements import Issue, Position, Statement, statement_file_path
from consultations.models.themes import Theme
from consultations.models.webhooks import Webhook, WebhookAttempt, WebhookDelivery

__all__ = [
    "ChairSummary",
    "ChairSummarySection",
    "Delegation",
    "DelegationMember",
    "Document",
    "DocumentVersion",
    "ExportFile",
    "Floor",
    "FloorEvent",
    "FloorTurn",
    "Inscription",
    "InscriptionMove",
    "Issue",
    "Meeting",
    "MeetingChair",
    "MeetingNote",
    "Position",
    "Process",
    "ProcessDocument",
    "ProcessLink",
    "Room",
    "Seat",
    "SeatPreference",
    "SpeakersList",
    "Statement",
    "Theme",
    "Venue",
    "Webhook",
    "WebhookAttempt",
    "WebhookDelivery",
    "statement_file_path",
]
