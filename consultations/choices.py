from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.choices import StakeholderKind


class DocumentKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    REPORT = "report", _("Report")
    RECOMMENDATION = "recommendation", _("Recommendation")
    OUTCOME = "outcome", _("Outcome document")
    NOTE = "note", _("Note or other document")


class DocumentRole(models.TextChoices):
    MANDATE = "mandate", _("Mandate")
    BACKGROUND = "background", _("Background")
    OUTCOME = "outcome", _("Outcome")
    FOLLOW_UP = "follow_up", _("Follow-up")


class MeetingKind(models.TextChoices):
    PREPARATORY_PANEL = "preparatory_panel", _("Preparatory panel")
    PLENARY = "plenary", _("Plenary")
    ROUND_TABLE = "round_table", _("Round table")
    FORUM = "forum", _("Forum")
    OTHER = "other", _("Other meeting")

    @classmethod
    def on_record_by_default(cls) -> list[str]:
        """The kinds of a process's own meetings, whose statements count in its figures unless
        the meeting says otherwise (Meeting.on_record): plenary meetings and round tables."""
        return [cls.PLENARY, cls.ROUND_TABLE]


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def active(cls) -> list[str]:
        """States in which a meeting takes up its room and its chairs' time."""
        return [cls.PLANNED, cls.CONFIRMED, cls.HELD]


class ChairRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    MODERATOR = "moderator", _("Moderator")


class SeatSource(models.TextChoices):
    ALLOCATION = "allocation", _("Automatic allocation")
    HAND = "hand", _("Edited by the Secretariat")


class SpeakersListStatus(models.TextChoices):
    """What the Secretariat decided for a speakers list; its opening and closing times do the
    rest (SpeakersList.state_at). open -> suspended -> open (resume); open or suspended ->
    closed; closed -> open (reopen). The services in services/speakers_lists.py enforce it."""

    OPEN = "open", _("Open")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class SpeakersListState(models.TextChoices):
    """A speakers list's state at a moment, as delegates meet it: its status and its times.

    A list whose status is open is not open yet before its opening time and closed from its
    closing time on. Each state says how it shows and what the Secretariat may do next.
    """

    NOT_OPEN_YET = "not_open_yet", _("Not open yet")
    OPEN = "open", _("Open")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")

    @property
    def badge(self) -> str:
        """The Bootstrap class of the state's badge."""
        return _LIST_STATE_BADGES[self]

    @property
    def actions(self) -> list[str]:
        """The actions (SpeakersListAction values) the Secretariat may take in this state."""
        return _LIST_STATE_ACTIONS[self]


class SpeakersListAction(models.TextChoices):
    """A change of a speakers list's state, as its history records it (the change reason)."""

    OPEN = "open", _("Opened")
    CLOSE = "close", _("Closed")
    REOPEN = "reopen", _("Reopened")
    SUSPEND = "suspend", _("Suspended")
    RESUME = "resume", _("Resumed")
    SET_CLOSING = "set_closing", _("Closing time set")


_LIST_STATE_BADGES = {
    SpeakersListState.NOT_OPEN_YET: "text-bg-secondary",
    SpeakersListState.OPEN: "text-bg-success",
    SpeakersListState.SUSPENDED: "text-bg-warning",
    SpeakersListState.CLOSED: "text-bg-dark",
}
_LIST_STATE_ACTIONS = {
    SpeakersListState.NOT_OPEN_YET: [SpeakersListAction.OPEN, SpeakersListAction.SET_CLOSING],
    SpeakersListState.OPEN: [
        SpeakersListAction.CLOSE,
        SpeakersListAction.SUSPEND,
        SpeakersListAction.SET_CLOSING,
    ],
    SpeakersListState.SUSPENDED: [
        SpeakersListAction.RESUME,
        SpeakersListAction.CLOSE,
        SpeakersListAction.SET_CLOSING,
    ],
    SpeakersListState.CLOSED: [SpeakersListAction.REOPEN],
}


class InscriptionStatus(models.TextChoices):
    INSCRIBED = "inscribed", _("Inscribed")
    SPOKE = "spoke", _("Spoke")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @classmethod
    def on_list(cls) -> list[str]:
        """States that hold a place in the list (a withdrawn inscription gives its place up)."""
        return [cls.INSCRIBED, cls.SPOKE]


class Language(models.TextChoices):
    """The six official languages of the United Nations."""

    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    RUSSIAN = "ru", _("Russian")
    SPANISH = "es", _("Spanish")

    @classmethod
    def right_to_left(cls) -> set[str]:
        return {cls.ARABIC}


class StatementState(models.TextChoices):
    """A statement's place in intake, and how each state shows and what may follow it.

    draft -> submitted (by the delegation) -> published or returned (by the Secretariat);
    returned -> submitted again; any state but withdrawn -> withdrawn (the delegation before
    the meeting's deadline, the Secretariat at any time). The services enforce the transitions;
    pages ask the state what to offer.
    """

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @classmethod
    def editable_by_delegate(cls) -> list[str]:
        """States in which the delegation may still change the text or the file."""
        return [cls.DRAFT, cls.RETURNED]

    @classmethod
    def awaiting_review(cls) -> list[str]:
        return [cls.SUBMITTED]

    @classmethod
    def withdrawable(cls) -> list[str]:
        """Every state but withdrawn: a withdrawal is final."""
        return [state for state in cls if state != cls.WITHDRAWN]

    @property
    def badge(self) -> str:
        """The Bootstrap class of the state's badge."""
        return _STATEMENT_BADGES[self]

    @property
    def delegate_may_change(self) -> bool:
        """The delegation may edit and submit (before the meeting's deadline)."""
        return self in self.editable_by_delegate()

    @property
    def awaits_review(self) -> bool:
        """The Secretariat may publish or return it."""
        return self in self.awaiting_review()

    @property
    def may_be_withdrawn(self) -> bool:
        """The Secretariat, or the delegation before the deadline, may withdraw it."""
        return self in self.withdrawable()

    @property
    def has_return_reason(self) -> bool:
        """Returned: the Secretariat's reason shows to the delegation."""
        return self == self.RETURNED

    @property
    def is_published(self) -> bool:
        """Published (the public sees it once its embargo has lifted: Statement.is_public)."""
        return self == self.PUBLISHED


_STATEMENT_BADGES = {
    StatementState.DRAFT: "text-bg-secondary",
    StatementState.SUBMITTED: "text-bg-primary",
    StatementState.RETURNED: "text-bg-warning",
    StatementState.PUBLISHED: "text-bg-success",
    StatementState.WITHDRAWN: "text-bg-dark",
}


class Stance(models.TextChoices):
    SUPPORTS = "supports", _("Supports")
    SUPPORTS_WITH_RESERVATIONS = "reservations", _("Supports with reservations")
    NEUTRAL = "neutral", _("Neutral")
    OPPOSES = "opposes", _("Opposes")
    NOT_STATED = "not_stated", _("Not stated")

    @classmethod
    def supportive(cls) -> list[str]:
        """Stances counted as support in the Chair's summary figures."""
        return [cls.SUPPORTS, cls.SUPPORTS_WITH_RESERVATIONS]


class MissReason(models.TextChoices):
    """Why a State did not get its first choice."""

    FIRST_CHOICE_FULL = "first_choice_full", _("first choice full")
    BALANCE = "balance", _("balance")
    NO_SEAT = "no_seat", _("no seat: all tables full")
    HAND = "hand", _("seat edited by the Secretariat")
    NOT_YET = "not_yet", _("no seat yet: run the allocation")
    CHANGED = "changed", _("preferences changed since the allocation")


# Values of the positions filters beyond the choices above: the forms read them from the query
# string, the selectors apply them.
MEMBER_STATES = (StakeholderKind.MEMBER_STATE,)
SUPPORTIVE = "supportive"  # a pseudo-stance for links: supports, with or without reservations
NO_GROUP = "none"  # the regional_group filter value of stakeholders outside the five groups


class LevelRequestStatus(models.TextChoices):
    """A delegate's request to speak at a higher level than the registry supports.

    pending -> confirmed or refused, by the Secretariat (services/speakers.py). Until it is
    confirmed, the list orders the inscription at its registered level.
    """

    PENDING = "pending", _("Pending confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REFUSED = "refused", _("Refused")


class BulkScope(models.TextChoices):
    """The sets of stakeholders a bulk registration of delegations takes."""

    MEMBER_STATES = "member_states", _("All Member States")
    REGIONAL_GROUP = "regional_group", _("The Member States of one regional group")
    OBSERVERS = "observers", _("All observers (observer States, intergovernmental organizations)")


class ChairSummaryState(models.TextChoices):
    """A Chair's summary is drafted, then finalised once: its figures then stop moving."""

    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class ChairSummarySectionKind(models.TextChoices):
    OPENING = "opening", _("Opening")
    ROUND_TABLE = "round_table", _("Round table")
    FORUM = "forum", _("Views on the Forum")
    FOLLOW_UP = "follow_up", _("Follow-up")
    OTHER = "other", _("Other")


class ChairSummaryPresenter(models.TextChoices):
    """Who summed up a section: a round table's summary is its co-chairs' or its rapporteur's."""

    CHAIR = "chair", _("The Chair")
    CO_CHAIRS = "co_chairs", _("The co-chairs")
    RAPPORTEUR = "rapporteur", _("The rapporteur")


class WebhookEvent(models.TextChoices):
    """What a webhook may ask to hear of (consultations/services/webhooks.py)."""

    STATEMENT_SUBMITTED = "statement.submitted", _("Statement submitted")
    STATEMENT_PUBLISHED = "statement.published", _("Statement published")
    STATEMENT_WITHDRAWN = "statement.withdrawn", _("Statement withdrawn")
    SPEAKERS_LIST_CHANGED = "speakers_list.changed", _("Speakers list changed")
    MEETING_CHANGED = "meeting.changed", _("Meeting scheduled or changed")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    RETRYING = "retrying", _("Failed, to be tried again")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent (not readable by the hook's owner)")


class ExportFileState(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class DocumentVersionStatus(models.TextChoices):
    """A document is issued language by language: each version is pending until it is out."""

    PENDING = "pending", _("Pending")
    ISSUED = "issued", _("Issued")


# Each official language's name in that language, as a list of language versions shows it.
LANGUAGE_AUTONYMS = {
    "ar": "العربية",
    "zh": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}


class InOneLanguage:
    """A thing written in one of the six languages (its ``language`` code): the language's name
    in that language, and whether it reads right to left, as a list of languages shows them."""

    language: str

    @property
    def autonym(self) -> str:
        return LANGUAGE_AUTONYMS.get(self.language, self.language)

    @property
    def is_right_to_left(self) -> bool:
        return self.language in Language.right_to_left()


class FloorTurnKind(models.TextChoices):
    """Who has the floor: a speaker of the list, the Chair, a point of order, a right of reply.
    The Chair and points of order take it out of the list's order."""

    SPEAKER = "speaker", _("Speaker on the list")
    CHAIR = "chair", _("The Chair")
    POINT_OF_ORDER = "point_of_order", _("Point of order")
    REPLY = "reply", _("Right of reply")

    @classmethod
    def out_of_order(cls) -> list[str]:
        """Kinds that interrupt the speaker on the floor, who resumes after them."""
        return [cls.CHAIR, cls.POINT_OF_ORDER]


class FloorTurnStatus(models.TextChoices):
    """A turn at the floor: waiting (a right of reply, at the end) -> called -> speaking <->
    paused -> done; a speaker called may instead be skipped (passed over: the list's next speaker
    follows) or deferred (back to waiting, lower on the list); a waiting reply may be withdrawn.
    The services in services/floor.py enforce it."""

    WAITING = "waiting", _("Waiting")
    CALLED = "called", _("Called")
    SPEAKING = "speaking", _("Speaking")
    PAUSED = "paused", _("Paused")
    DONE = "done", _("Spoke")
    SKIPPED = "skipped", _("Skipped")
    DEFERRED = "deferred", _("Deferred")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @classmethod
    def on_floor(cls) -> list[str]:
        """States of the turn that holds the floor."""
        return [cls.CALLED, cls.SPEAKING, cls.PAUSED]


class FloorAction(models.TextChoices):
    """What the Secretariat did at the floor, as the floor's log records it."""

    CALL = "call", _("Called")
    START = "start", _("Timer started")
    PAUSE = "pause", _("Timer paused")
    STOP = "stop", _("Finished")
    SKIP = "skip", _("Skipped")
    DEFER = "defer", _("Deferred")
    CHAIR = "chair", _("Floor to the Chair")
    POINT_OF_ORDER = "point_of_order", _("Point of order")
    REPLY_ADD = "reply_add", _("Right of reply added")
    REPLY_WITHDRAW = "reply_withdraw", _("Right of reply withdrawn")
    CLOSE = "close", _("Floor closed")
