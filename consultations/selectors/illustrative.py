"""Which rows of a process are illustrative, and the note that says so, generated from them.

Every row that a demo may invent carries its own flag (``is_illustrative``) and, when it is a
fact, may name its ``source`` (consultations/models/illustrative.py). This module is the one
place that reads them: ``row_mark`` tells any row (a model instance or a selector's row that
wraps one) whether it is illustrative and what its source is, and ``illustrative_note`` writes
the process's note from the rows it counts, with the Chair's summary figures taken from their
own selectors. No figure is ever stored in the note: change a flag or add a statement and the
next page, export or feed says so.
"""

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, ngettext, ngettext_lazy, pgettext

from consultations.models import (
    Delegation,
    DelegationMember,
    Inscription,
    Meeting,
    MeetingChair,
    Position,
    Process,
    Seat,
    SeatPreference,
    Statement,
)
from consultations.models.illustrative import Illustrative, Sourced
from consultations.selectors.compiled import (
    ANY_ID,
    Compiled,
    compile_once,
    id_slots,
    run_dicts,
    run_instances,
)

# What a selector's row wraps, tried in this order, when it carries no flag of its own.
WRAPPED = ("inscription", "position", "statement", "seat", "chair", "meeting")


@dataclass(frozen=True)
class Mark:
    """Whether a row is illustrative, and the source of the fact it records ("" if none)."""

    illustrative: bool
    source: str = ""


def row_mark(row, *, statement_makers: frozenset[int] = frozenset()) -> Mark:
    """The mark of ``row``: its own flag and source, else those of the record it wraps.

    A position row with no recorded position (a stakeholder that stated no stance) is as
    illustrative as the statements that put its stakeholder in the base: pass their ids as
    ``statement_makers`` (``illustrative_statement_makers``)."""
    if row is None:
        return Mark(False)
    if isinstance(row, Illustrative):
        # A seat's own ``source`` says how it was given, not where a fact is recorded.
        return Mark(row.is_illustrative, row.source if isinstance(row, Sourced) else "")
    for name in WRAPPED:
        wrapped = getattr(row, name, None)
        if isinstance(wrapped, Illustrative):
            return row_mark(wrapped)
    stakeholder = getattr(row, "stakeholder", None)
    if stakeholder is not None and stakeholder.pk in statement_makers:
        return Mark(True)
    return Mark(False)


def any_illustrative(rows: Iterable) -> bool:
    """Whether any of ``rows`` is illustrative (see ``row_mark``)."""
    return any(row_mark(row).illustrative for row in rows)


def illustrative_statement_makers(*, process: Process) -> frozenset[int]:
    """The stakeholders with an illustrative statement at ``process``. One query."""
    return frozenset(
        Statement.objects.filter(meeting__process=process, is_illustrative=True)
        .values_list("stakeholder_id", flat=True)
        .distinct()
    )


# key, model, the path from the model to its process, extra filter
COUNTED = (
    ("meetings", Meeting, "process", {}),
    ("chairs", MeetingChair, "meeting__process", {}),
    ("delegations", Delegation, "process", {}),
    ("members", DelegationMember, "delegation__process", {}),
    ("preferences", SeatPreference, "delegation__process", {}),
    ("seats", Seat, "meeting__process", {"is_published": True}),
    ("inscriptions", Inscription, "speakers_list__meeting__process", {}),
    ("statements", Statement, "meeting__process", {}),
    ("positions", Position, "issue__process", {}),
)


# Each kind's words, lazy: the one a note names is translated when it is written.
_KIND_TEXTS = {
    "meetings": ngettext_lazy(
        "the times of day and room of %(count)s meeting",
        "the times of day and rooms of %(count)s meetings",
        "count",
    ),
    "chairs": ngettext_lazy(
        "%(count)s chair or co-chair", "%(count)s chairs or co-chairs", "count"
    ),
    "delegations": ngettext_lazy(
        "the level of representation of %(count)s delegation",
        "the levels of representation of %(count)s delegations",
        "count",
    ),
    "members": ngettext_lazy(
        "%(count)s delegation member and post", "%(count)s delegation members and posts", "count"
    ),
    "preferences": ngettext_lazy(
        "%(count)s round-table choice", "%(count)s round-table choices", "count"
    ),
    "seats": ngettext_lazy("%(count)s round-table seat", "%(count)s round-table seats", "count"),
    "inscriptions": ngettext_lazy(
        "%(count)s place on a speakers list", "%(count)s places on speakers lists", "count"
    ),
    "statements": ngettext_lazy("%(count)s statement", "%(count)s statements", "count"),
    "positions": ngettext_lazy("%(count)s recorded stance", "%(count)s recorded stances", "count"),
}


def _kind_text(key: str, count: int) -> str:
    return _KIND_TEXTS[key] % {"count": count}


def count_annotations() -> dict:
    """The annotations on processes that count their illustrative rows, by kind
    (``illustrative_<key>``); ``counts_keep`` reads them back."""
    annotations = {}
    for key, model, path, extra in COUNTED:
        counted = (
            model.objects.filter(**{path: OuterRef("pk")}, is_illustrative=True, **extra)
            .order_by()
            .values(path)
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        annotations[f"illustrative_{key}"] = Coalesce(
            Subquery(counted, output_field=IntegerField()), Value(0)
        )
    return annotations


def counts_keep(process: Process, row) -> None:
    """Keep on ``process`` the counts of ``count_annotations`` found in ``row`` (a dict, or
    the process itself when loaded with them), for ``illustrative_note`` to read."""
    get = row.get if isinstance(row, dict) else row.__dict__.get
    process._illustrative_counts = {key: get(f"illustrative_{key}") for key, *_rest in COUNTED}


def _counts_queryset(pks):
    annotations = count_annotations()
    return Process.objects.filter(pk__in=pks).annotate(**annotations).values("pk", *annotations)


# Up to this many processes are counted by a read compiled once per worker (building the nine
# subqueries took longer than running them: 5-10 ms a page): the statements of a list page
# belong to 50 processes at most.
COMPILED_PROCESSES = 50


@functools.cache
def _one_process(vendor: str) -> Compiled:
    return compile_once(_counts_queryset([ANY_ID]), placeholder=ANY_ID)


@functools.cache
def _some_processes(vendor: str, whole: bool) -> Compiled:
    slots = id_slots(COMPILED_PROCESSES)
    processes = Process.objects.filter(pk__in=slots).annotate(**count_annotations()).order_by()
    return compile_once(processes if whole else _counts_queryset(slots), placeholder=slots)


def _counted_rows(pks: list[int]) -> list[dict]:
    if len(pks) == 1:
        return run_dicts(_one_process(connection.vendor), pks[0])
    if len(pks) <= COMPILED_PROCESSES:
        return run_dicts(_some_processes(connection.vendor, False), pks)
    return list(_counts_queryset(pks))


def processes_counted(pks: list[int]) -> list[Process]:
    """The processes ``pks`` in that order (a repeated or unknown id is left out), whole, with
    the counts of their illustrative rows kept for ``illustrative_note``. One query."""
    pks = list(dict.fromkeys(pks))
    if not pks:
        return []
    if len(pks) <= COMPILED_PROCESSES:
        found = run_instances(_some_processes(connection.vendor, True), pks)
    else:
        found = list(Process.objects.filter(pk__in=pks).annotate(**count_annotations()))
    by_pk = {process.pk: process for process in found}
    for process in found:
        counts_keep(process, process)
    return [by_pk[pk] for pk in pks if pk in by_pk]


def illustrative_counts_prime(*, processes: Iterable[Process]) -> None:
    """Count the illustrative rows of each kind of every one of ``processes`` (seats: the
    published copy) and keep the counts on each instance, for ``illustrative_note`` to read:
    a view calls this, so that its templates make no query. One query, whatever the number of
    processes; none for a process loaded with its counts (``process_for_page``)."""
    by_pk = {
        process.pk: process
        for process in processes
        if process is not None and getattr(process, "_illustrative_counts", None) is None
    }
    if not by_pk:
        return
    for row in _counted_rows(list(by_pk)):
        counts_keep(by_pk[row["pk"]], row)


def illustrative_counts(*, process: Process) -> dict[str, int]:
    """How many rows of each kind of ``process`` are illustrative, by the keys of COUNTED: the
    counts ``illustrative_counts_prime`` kept on it, else counted now (one query)."""
    if getattr(process, "_illustrative_counts", None) is None:
        illustrative_counts_prime(processes=[process])
    return process._illustrative_counts


@dataclass(frozen=True)
class IllustrativeNote:
    """A process's note on its illustrative rows: each kind counted, and the note's text."""

    process: Process
    counts: dict[str, int]
    text: str

    def __bool__(self) -> bool:
        return bool(self.text)

    def __str__(self) -> str:
        return self.text


def _figures_sentence(summary) -> str:
    if summary is None:
        return ""
    return ngettext(
        "The Chair's summary figures are computed from these rows and are illustrative too: "
        "%(count)s Member State made statements.",
        "The Chair's summary figures are computed from these rows and are illustrative too: "
        "%(count)s Member States made statements.",
        summary.member_states.count,
    ) % {"count": summary.member_states.count}


def illustrative_note(
    *, process: Process, summary=None, with_figures: bool = False
) -> IllustrativeNote:
    """The note on ``process``'s illustrative rows, in the active language; empty (falsy) when
    it has none and adds no sentence of its own. Which kinds of rows are illustrative and how
    many, counted now; the process's own added sentence, if any; and with ``summary`` (the
    process's selectors.positions.summary_figures, which the caller has computed) or
    ``with_figures`` (computed here, seven queries more) the Chair's summary figures that rest
    on them. One query (the counts), none when a view has primed them
    (``illustrative_counts_prime``)."""
    counts = illustrative_counts(process=process)
    kinds = [_kind_text(key, count) for key, count in counts.items() if count]
    sentences = []
    if kinds:
        sentences.append(
            gettext(
                "Invented for a demonstration, not the record of %(process)s: %(kinds)s. Each "
                "is marked “Illustrative” where it is shown; facts are not, and name their "
                "source."
            )
            % {"process": process, "kinds": pgettext("list separator", "; ").join(kinds)}
        )
    if process.illustrative_note.strip():
        sentences.append(process.illustrative_note.strip())
    figures = ""
    if counts["statements"] or counts["positions"]:
        if summary is None and with_figures:
            from consultations.selectors.positions import summary_figures

            summary = summary_figures(process=process)
        figures = _figures_sentence(summary)
    if figures:
        sentences.append(figures)
    return IllustrativeNote(process=process, counts=counts, text=" ".join(sentences))


def mark_fields(row) -> dict:
    """The mark of ``row`` as the fields of a JSON object: every JSON payload's helper."""
    mark = row_mark(row)
    return {"illustrative": mark.illustrative, "source": mark.source}
