"""Writes of the Chair's summary: a draft with its sections, their edits, and finalising.

Each write takes the acting user, checks their permission, runs in one transaction and is
kept in the summary's or the section's history with the actor as its author. A final summary
changes no more: its sections, title and symbol stay as they were finalised.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consultations.chair_summary_text import all_references
from consultations.choices import (
    ChairRole,
    ChairSummaryPresenter,
    ChairSummarySectionKind,
    ChairSummaryState,
    Language,
    MeetingKind,
)
from consultations.models import ChairSummary, ChairSummarySection, Meeting, Process
from consultations.selectors.chair_figures import figure_values, reference_errors_for_process

# A summary's language (Language) as the interface's catalogues name it.
INTERFACE_LANGUAGE = {Language.CHINESE: "zh-hans"}
SECTION_FIELDS = ("heading", "kind", "meeting", "presented_by", "presenters", "text", "order")


class ChairSummaryError(Exception):
    """A change the rules of the Chair's summary do not allow; the message says why."""


class AlreadyFinal(ChairSummaryError):
    pass


class UnknownReferences(ChairSummaryError):
    def __init__(self, errors: list[str]):
        self.messages = errors
        super().__init__(" ".join(errors))


def _require(actor, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDenied(_("Only the Secretariat drafts the Chair's summary."))


def _co_chairs(meeting: Meeting) -> str:
    chairs = [c for c in meeting.chairs.all() if c.role in (ChairRole.CO_CHAIR, ChairRole.CHAIR)]
    return "; ".join(
        ", ".join(str(part) for part in (c.person, c.stakeholder) if part) for c in chairs
    )


def _initial_sections(process: Process) -> list[ChairSummarySection]:
    """The usual outline: the opening, each round table summed up by its co-chairs, the views
    on the Forum, the follow-up; every text empty but the opening's first figure."""
    sections = [
        ChairSummarySection(
            kind=ChairSummarySectionKind.OPENING,
            heading=_("Opening of the Dialogue"),
            presented_by=ChairSummaryPresenter.CHAIR,
            text=_(
                "Representatives of {{ figure:member_states_spoke }} Member States made statements."
            ),
        )
    ]
    tables = (
        Meeting.objects.filter(process=process, kind=MeetingKind.ROUND_TABLE)
        .prefetch_related("chairs__person", "chairs__stakeholder")
        .order_by("number", "start", "pk")
    )
    for meeting in tables:
        sections.append(
            ChairSummarySection(
                kind=ChairSummarySectionKind.ROUND_TABLE,
                heading=_("Summary of %(meeting)s") % {"meeting": meeting.title},
                meeting=meeting,
                presented_by=ChairSummaryPresenter.CO_CHAIRS,
                presenters=_co_chairs(meeting)[:500],
            )
        )
    sections += [
        ChairSummarySection(kind=ChairSummarySectionKind.FORUM, heading=_("Views on the Forum")),
        ChairSummarySection(kind=ChairSummarySectionKind.FOLLOW_UP, heading=_("Follow-up")),
    ]
    return sections


def chair_summary_create(
    *,
    actor,
    process: Process,
    symbol: str,
    title: str,
    language: str = Language.ENGLISH,
    outline: bool = True,
) -> ChairSummary:
    """Start the draft Chair's summary of ``process`` in ``language``; with ``outline``, with a
    section each for the opening, every round table (its co-chairs named), the Forum and the
    follow-up. Raises PermissionDenied unless ``actor`` may draft it; ChairSummaryError if the
    process already has a summary in that language."""
    _require(actor, "consultations.draft_chair_summary")
    summary = ChairSummary(process=process, symbol=symbol, title=title, language=language)
    summary._history_user = actor
    # The outline's headings are written in the summary's language, not the page's.
    with translation.override(INTERFACE_LANGUAGE.get(language, language)):
        sections = _initial_sections(process) if outline else []
    try:
        with transaction.atomic():
            summary.save()
            for order, section in enumerate(sections, 1):
                section.summary = summary
                section.order = order * 10
                section._history_user = actor
                section.save()
    except IntegrityError:
        raise ChairSummaryError(
            _("This process already has a Chair's summary in this language.")
        ) from None
    return summary


def _lock(summary: ChairSummary) -> ChairSummary:
    current = ChairSummary.objects.select_for_update().select_related("process").get(pk=summary.pk)
    if current.is_final:
        raise AlreadyFinal(
            _("This summary was finalised on %(date)s: it changes no more.")
            % {"date": date_format(timezone.localdate(current.finalised_at), "j F Y")}
        )
    return current


def chair_summary_update(*, actor, summary: ChairSummary, symbol: str, title: str) -> None:
    """Change a draft summary's symbol and title. Raises PermissionDenied, AlreadyFinal."""
    _require(actor, "consultations.draft_chair_summary")
    with transaction.atomic():
        current = _lock(summary)
        current.symbol, current.title = symbol, title
        current._history_user = actor
        current.save(update_fields=["symbol", "title"])
    summary.symbol, summary.title = symbol, title


def chair_summary_section_save(
    *, actor, section: ChairSummarySection, values: dict
) -> ChairSummarySection:
    """Save ``section`` (new or changed) of a draft summary with ``values`` (SECTION_FIELDS).

    Raises PermissionDenied; AlreadyFinal; django's ValidationError for an unknown figure
    reference or a meeting of another process (the model's ``clean``)."""
    _require(actor, "consultations.draft_chair_summary")
    with transaction.atomic():
        _lock(section.summary)
        for name in SECTION_FIELDS:
            if name in values:
                setattr(section, name, values[name])
        section.full_clean()
        section._history_user = actor
        section.save()
    return section


def chair_summary_section_delete(*, actor, section: ChairSummarySection) -> None:
    """Remove a section of a draft summary (its history stays). Raises PermissionDenied,
    AlreadyFinal."""
    _require(actor, "consultations.draft_chair_summary")
    with transaction.atomic():
        _lock(section.summary)
        section._history_user = actor
        section.delete()


def chair_summary_finalise(
    *, actor, summary: ChairSummary, at: datetime.datetime | None = None
) -> ChairSummary:
    """Finalise ``summary``: store every figure reference's current value and text in
    ``frozen_figures``, with the date and ``actor``; from then on the document shows those and
    changes no more.

    Raises PermissionDenied unless ``actor`` holds consultations.finalise_chair_summary;
    AlreadyFinal; UnknownReferences (finalising nothing) if a section refers to a figure or an
    issue that does not exist."""
    if not actor.has_perm("consultations.finalise_chair_summary"):
        raise PermissionDenied(_("You may not finalise the Chair's summary."))
    at = at or timezone.now()
    with transaction.atomic():
        current = _lock(summary)
        texts = list(current.sections.values_list("text", flat=True))
        errors: list[str] = []
        for text in texts:
            for error in reference_errors_for_process(text, process=current.process):
                if error not in errors:
                    errors.append(error)
        if errors:
            raise UnknownReferences(errors)
        values = figure_values(process=current.process, references=all_references(texts), now=at)
        current.frozen_figures = {key: value.as_dict() for key, value in values.items()}
        current.state = ChairSummaryState.FINAL
        current.finalised_at = at
        current.finalised_by = actor
        current._history_user = actor
        current.save(update_fields=["frozen_figures", "state", "finalised_at", "finalised_by"])
    return current
