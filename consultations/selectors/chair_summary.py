"""Reads of the Chair's summary: the document as it prints (numbered paragraphs, figures live
while a draft, frozen once final) and the versions of the summary and its sections."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from consultations.chair_summary_text import all_references, paragraphs, render
from consultations.choices import ChairSummaryState, InOneLanguage, Language
from consultations.models import ChairSummary, ChairSummarySection, Process
from consultations.selectors.chair_figures import figure_values


@dataclass
class Paragraph:
    number: int
    text: str


@dataclass
class SectionView:
    section: ChairSummarySection
    paragraphs: list[Paragraph]

    @property
    def byline(self) -> str:
        """ "The co-chairs: A; B", as the document credits a section's summary."""
        label = self.section.get_presented_by_display() if self.section.presented_by else ""
        names = self.section.presenters
        return f"{label}: {names}" if label and names else label or names


@dataclass
class SummaryDocument:
    summary: ChairSummary
    sections: list[SectionView]
    figures: dict[str, dict] = field(default_factory=dict)  # key -> {"value", "text"}
    date: datetime.date | None = None  # the finalisation's, or today for a draft

    @property
    def is_final(self) -> bool:
        return self.summary.is_final


def chair_summary_document(
    *, summary: ChairSummary, now: datetime.datetime | None = None
) -> SummaryDocument:
    """``summary`` as it reads: its sections in order, their paragraphs numbered on from one
    section to the next, each figure reference replaced by its text: the live figure while a
    draft (as of ``now``), the frozen one once final. The date is the finalisation's, else
    today's. Two queries, plus the figures' own for a draft that cites any."""
    now = now or timezone.now()
    sections = list(summary.sections.select_related("meeting").order_by("order", "pk"))
    if summary.is_final:
        figures = dict(summary.frozen_figures)
        date = timezone.localdate(summary.finalised_at)
    else:
        references = all_references(section.text for section in sections)
        values = figure_values(process=summary.process, references=references, now=now)
        figures = {key: value.as_dict() for key, value in values.items()}
        date = timezone.localdate(now)
    texts = {key: str(value["text"]) for key, value in figures.items()}
    number = 0
    views = []
    for section in sections:
        numbered = []
        for text in paragraphs(section.text):
            number += 1
            numbered.append(Paragraph(number=number, text=render(text, texts)))
        views.append(SectionView(section=section, paragraphs=numbered))
    return SummaryDocument(summary=summary, sections=views, figures=figures, date=date)


def chair_summary_for_process(
    *, process: Process, language: str = "", final_only: bool = False
) -> ChairSummary | None:
    """The Chair's summary of ``process`` in ``language`` (any: the first by language code),
    only a final one with ``final_only``; None when there is none."""
    summaries = ChairSummary.objects.filter(process=process).select_related(
        "process", "finalised_by"
    )
    if language:
        summaries = summaries.filter(language=language)
    if final_only:
        summaries = summaries.filter(state="final")
    return summaries.order_by("language").first()


@dataclass(frozen=True)
class SummaryLanguage(InOneLanguage):
    """The Chair's summary in one language, as a list of a document's languages shows it: issued
    once final (linked to its public page in that language), pending while a draft."""

    language: str
    is_issued: bool
    link: str
    issued_on: datetime.date | None


def chair_summary_languages(*, process: Process, page_url: str) -> list[SummaryLanguage]:
    """The languages of ``process``'s Chair's summary in the order of the six, one query: a final
    one links to ``page_url`` in its language (``?language=``), a draft is pending."""
    order = {code: index for index, code in enumerate(Language.values)}
    rows = ChairSummary.objects.filter(process=process).values_list(
        "language", "state", "finalised_at"
    )
    languages = [
        SummaryLanguage(
            language=language,
            is_issued=state == ChairSummaryState.FINAL,
            link=f"{page_url}?language={language}" if state == ChairSummaryState.FINAL else "",
            issued_on=finalised_at.date() if finalised_at else None,
        )
        for language, state, finalised_at in rows
    ]
    return sorted(languages, key=lambda row: order.get(row.language, 99))


@dataclass
class Version:
    """One change of the summary or of a section: when, who, what, and the fields changed."""

    date: datetime.datetime
    user: object
    kind: str  # "+", "~" or "-" as django-simple-history records them
    what: str
    changes: list[tuple[str, str, str]]  # (field's label, old, new)


def _changes(record, previous) -> list[tuple[str, str, str]]:
    if previous is None:
        return []
    delta = record.diff_against(previous)
    model = record.instance_type
    return [
        (
            str(model._meta.get_field(change.field).verbose_name),
            "" if change.old is None else str(change.old),
            "" if change.new is None else str(change.new),
        )
        for change in delta.changes
    ]


def chair_summary_versions(*, summary: ChairSummary) -> list[Version]:
    """Every recorded change of ``summary`` and its sections (removed ones too), newest first,
    each with its author and the fields it changed (old and new). Two queries and the authors'."""
    records = [
        (record, str(summary))
        for record in summary.history.select_related("history_user").order_by("history_id")
    ]
    section_history = ChairSummarySection.history.filter(summary_id=summary.pk)
    records += [
        (record, record.heading)
        for record in section_history.select_related("history_user").order_by("history_id")
    ]
    previous: dict[tuple[str, int], object] = {}
    versions = []
    for record, what in records:
        key = (type(record).__name__, record.id)
        versions.append(
            Version(
                date=record.history_date,
                user=record.history_user,
                kind=record.history_type,
                what=what,
                changes=_changes(record, previous.get(key)),
            )
        )
        previous[key] = record
    versions.sort(key=lambda v: v.date, reverse=True)
    return versions
