"""How every change is written: on the locked row, with one history row by the actor, the
search vector kept current and the caller's object brought up to date."""

import datetime
from collections.abc import Iterable

from django.db import connection

from consultations.models import Statement, Theme
from consultations.search import statement_search_store


def lock_row(statement: Statement) -> Statement:
    """The statement's row, locked for the rest of the transaction, fresh from the database."""
    return (
        Statement.objects.select_for_update(of=("self",))
        .select_related("meeting__venue", "stakeholder")
        .get(pk=statement.pk)
    )


def set_themes_silently(statement: Statement, themes: Iterable[Theme]) -> None:
    """Set the themes without the history row django-simple-history writes for each m2m signal:
    the one history row of the change is written by the save that follows."""
    statement.skip_history_when_saving = True
    try:
        statement.themes.set(themes)
    finally:
        del statement.skip_history_when_saving


def snapshot_themes(statement: Statement) -> None:
    """Give the newest history row of a new statement its themes (the "+" row is written by the
    first save, before the m2m rows can exist)."""
    record = statement.history.order_by("-history_date", "-history_id").first()
    theme_history = type(record).themes.model
    through = Statement.themes.through
    theme_history.objects.bulk_create(
        theme_history(
            history=record, id=row.pk, statement_id=row.statement_id, theme_id=row.theme_id
        )
        for row in through.objects.filter(statement=statement)
    )


def save_with_history(
    statement: Statement, *, actor, at: datetime.datetime, update_fields: list[str]
) -> None:
    """Save ``update_fields`` (and ``updated``) with one history row by ``actor`` at ``at``.

    A new file is stored before (files.NewFiles), so that a failed change removes it again.
    """
    statement._history_user = actor
    statement._history_date = at
    statement.save(update_fields=[*update_fields, "updated"])


def copy_back(target: Statement, source: Statement, fields: Iterable[str]) -> None:
    """Give the caller's ``target`` the values of ``fields`` that the locked ``source`` saved."""
    for name in fields:
        field = Statement._meta.get_field(name)
        setattr(target, field.attname, getattr(source, field.attname))


def statement_search_refresh(*, statement: Statement) -> None:
    """Recompute ``statement``'s full-text search vector from its title and text, in its
    language (consultations.search).

    PostgreSQL only (the column stays empty on SQLite, which searches the text itself); one
    UPDATE that writes no history row. Raises nothing.
    """
    if connection.vendor != "postgresql":
        return
    statement_search_store(
        Statement.objects.filter(pk=statement.pk), languages=[statement.language]
    )
