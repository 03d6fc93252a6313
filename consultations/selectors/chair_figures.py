"""The named figures a Chair's summary may cite, each a value and its text, read live.

Each figure is computed by the selectors of consultations/selectors/positions/ (``summary_figures``
and the issue figures it holds): this module only names them, so that a change in how a figure
is counted reaches every summary still in draft. A finalised summary keeps the value and text
each reference had when it was finalised (services/chair_summary.py).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations.chair_summary_text import Reference, reference_errors
from consultations.choices import Stance
from consultations.models import Process
from consultations.selectors.positions import IssueFigures, SummaryFigures, summary_figures

Value = int | float


@dataclass(frozen=True)
class FigureValue:
    value: Value
    text: str

    def as_dict(self) -> dict:
        return {"value": self.value, "text": self.text}


@dataclass(frozen=True)
class Figure:
    """A named figure: ``compute`` reads it from the process's summary figures, or, for a
    figure of one issue (``per_issue``), from that issue's figures."""

    name: str
    label: object
    compute: Callable[..., FigureValue]
    per_issue: bool = False


def _count(count: int) -> FigureValue:
    return FigureValue(count, str(count))


def _percent(share: float) -> FigureValue:
    percent = round(share * 100, 1)
    return FigureValue(percent, f"{percent:g}%")


FIGURES: dict[str, Figure] = {
    figure.name: figure
    for figure in [
        Figure(
            "member_states_spoke",
            gettext_lazy("Member States that made statements"),
            lambda s: _count(s.member_states.count),
        ),
        Figure(
            "participants_spoke",
            gettext_lazy("Participants that made statements (all kinds)"),
            lambda s: _count(s.participant_count),
        ),
        Figure(
            "issue_supportive",
            gettext_lazy("States supporting the issue (with or without reservations)"),
            lambda i: _count(i.supportive.count),
            per_issue=True,
        ),
        Figure(
            "issue_supportive_words",
            gettext_lazy("Share supporting the issue, in words (“about two-thirds”)"),
            lambda i: FigureValue(round(i.supportive.share, 4), i.supportive.in_words),
            per_issue=True,
        ),
        Figure(
            "issue_supportive_percent",
            gettext_lazy("Share supporting the issue, in per cent"),
            lambda i: _percent(i.supportive.share),
            per_issue=True,
        ),
        Figure(
            "issue_opposes",
            gettext_lazy("States opposing the issue"),
            lambda i: _count(i.count_of(Stance.OPPOSES).count),
            per_issue=True,
        ),
        Figure(
            "issue_not_stated",
            gettext_lazy("States that stated no position on the issue"),
            lambda i: _count(i.count_of(Stance.NOT_STATED).count),
            per_issue=True,
        ),
    ]
}


def reference_problem(reference: Reference, *, issue_slugs: set[str]) -> str | None:
    """What is wrong with ``reference`` for a process whose issues are ``issue_slugs``: an
    unknown figure, an issue given to a figure of the whole process, an unknown issue, or a
    figure of an issue in a process that has none. None when it is right."""
    figure = FIGURES.get(reference.name)
    if figure is None:
        return _("Unknown figure “%(name)s”. The figures are: %(names)s.") % {
            "name": reference.name,
            "names": ", ".join(sorted(FIGURES)),
        }
    if reference.issue and not figure.per_issue:
        return _("The figure “%(name)s” is of the whole process: it takes no issue.") % {
            "name": reference.name
        }
    if reference.issue and reference.issue not in issue_slugs:
        return _("This process has no issue “%(issue)s”.") % {"issue": reference.issue}
    if figure.per_issue and not issue_slugs:
        return _("The figure “%(name)s” is of an issue, and this process has none.") % {
            "name": reference.name
        }
    return None


def process_issue_slugs(*, process: Process) -> set[str]:
    return set(process.issues.values_list("slug", flat=True))


def reference_errors_for_process(text: str, *, process: Process) -> list[str]:
    """What is wrong with the figure references of ``text`` in ``process`` (empty: nothing).
    One query."""
    slugs = process_issue_slugs(process=process)
    return reference_errors(text, known=lambda r: reference_problem(r, issue_slugs=slugs))


def _issue(figures: SummaryFigures, slug: str) -> IssueFigures | None:
    if not slug:
        return figures.headline
    return next((i for i in figures.issues if i.issue.slug == slug), None)


def figure_values(
    *, process: Process, references: list[Reference], now: datetime.datetime | None = None
) -> dict[str, FigureValue]:
    """The current value and text of each of ``references`` in ``process``, by reference key;
    a reference that is not right (reference_problem) is left out. One ``summary_figures``."""
    if not references:
        return {}
    figures = summary_figures(process=process, now=now)
    values: dict[str, FigureValue] = {}
    for reference in references:
        figure = FIGURES.get(reference.name)
        if figure is None:
            continue
        if figure.per_issue:
            issue = _issue(figures, reference.issue)
            if issue is not None:
                values[reference.key] = figure.compute(issue)
        elif not reference.issue:
            values[reference.key] = figure.compute(figures)
    return values
