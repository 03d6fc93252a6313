"""A delegation's drafts: creating a statement and changing its fields while it is editable."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from consultations.choices import StatementState
from consultations.models import Meeting, Statement, Theme
from consultations.models.statements import STATEMENT_EDITABLE_FIELDS
from consultations.page_scopes import writes_shown_on
from consultations.services.statements.checks import (
    check_fields,
    check_file,
    check_membership,
    check_speaker,
    default_post,
    require_act_for,
    statement_check_deadline,
    statement_check_editable,
)
from consultations.services.statements.files import new_files_kept_on_success
from consultations.services.statements.writing import (
    copy_back,
    lock_row,
    save_with_history,
    set_themes_silently,
    snapshot_themes,
    statement_search_refresh,
)
from registry.models import Person, Stakeholder

UPDATABLE_FIELDS = frozenset(STATEMENT_EDITABLE_FIELDS)


def statement_create(
    *,
    actor,
    stakeholder: Stakeholder,
    meeting: Meeting,
    title: str,
    language: str,
    text: str = "",
    file: File | None = None,
    speaker: Person | None = None,
    speaker_post: str = "",
    themes: Iterable[Theme] = (),
    embargo_until: datetime.datetime | None = None,
    at: datetime.datetime | None = None,
) -> Statement:
    """Create a draft statement of ``stakeholder`` at ``meeting``, created by ``actor``.

    ``speaker_post`` defaults to the speaker's post for the stakeholder on the meeting's day.
    Writes the statement, its themes and one history row ("+", by ``actor``), stores ``file``
    under a name the server chooses, refreshes the search vector: all or nothing (a file
    stored for a change that then fails is removed again).

    Raises PermissionDenied unless ``actor`` acts for ``stakeholder``; DeadlinePassed for a
    delegate after the meeting's deadline for statements; NotAMemberState for a Member State at
    a meeting held before its admission (or after its dissolution); InvalidStatementFile for a
    file that statement_file_validate refuses (nothing is stored); InvalidStatement for a blank
    title, a language that is not official, or a speaker with no post for the stakeholder;
    FileNotStored, saving nothing, if the file storage is full or unreachable.
    """
    at = at or timezone.now()
    require_act_for(actor, stakeholder, stakeholder)
    statement_check_deadline(actor=actor, meeting=meeting, at=at)
    check_membership(stakeholder=stakeholder, meeting=meeting)
    if file:
        check_file(file)
    check_speaker(speaker=speaker, stakeholder=stakeholder)
    if speaker is not None and not speaker_post:
        speaker_post = default_post(speaker=speaker, stakeholder=stakeholder, meeting=meeting)
    statement = Statement(
        meeting=meeting,
        stakeholder=stakeholder,
        speaker=speaker,
        speaker_post=speaker_post,
        language=language,
        title=title.strip(),
        text=text,
        file=file or "",
        embargo_until=embargo_until,
        state=StatementState.DRAFT,
        created_by=actor,
    )
    check_fields(statement)
    themes = list(themes)
    # A draft (or returned statement) is shown on no public page: nothing to render afresh.
    with writes_shown_on(), new_files_kept_on_success() as new_files, transaction.atomic():
        new_files.store(statement)
        statement._history_user = actor
        statement._history_date = at
        statement.save()
        if themes:
            set_themes_silently(statement, themes)
            snapshot_themes(statement)
        statement_search_refresh(statement=statement)
    return statement


def statement_update(
    *, actor, statement: Statement, data: Mapping[str, Any], at: datetime.datetime | None = None
) -> Statement:
    """Change a draft or returned statement's fields named in ``data`` (meeting, speaker,
    speaker_post, language, title, text, file, themes, embargo_until).

    A new ``file`` is stored beside the old one, which is never deleted (its name stays in the
    history); a false ``file`` detaches the file. Saves only the fields that changed, with one
    history row by ``actor``, and refreshes the search vector; changes nothing if nothing
    changed. Raises PermissionDenied unless ``actor`` acts for the statement's stakeholder;
    DeadlinePassed for a delegate after the deadline of the statement's meeting (or of the new
    one); StatementNotEditable unless the statement is a draft or returned; NotAMemberState,
    InvalidStatementFile, InvalidStatement, FileNotStored as statement_create does. Raises
    ValueError for a key it does not know.
    """
    unknown = set(data) - UPDATABLE_FIELDS
    if unknown:
        raise ValueError(f"statement_update cannot change {sorted(unknown)}")
    at = at or timezone.now()
    require_act_for(actor, statement, statement.stakeholder)
    # A draft (or returned statement) is shown on no public page: nothing to render afresh.
    with writes_shown_on(), new_files_kept_on_success() as new_files, transaction.atomic():
        current = lock_row(statement)
        statement_check_editable(actor=actor, statement=current, at=at)
        changed: list[str] = []
        for name in ("meeting", "speaker", "speaker_post", "language", "title", "embargo_until"):
            if name in data:
                value = data[name].strip() if name in {"title", "speaker_post"} else data[name]
                if getattr(current, name) != value:
                    setattr(current, name, value)
                    changed.append(name)
        if "text" in data and current.text != data["text"]:
            current.text = data["text"]
            changed.append("text")
        if "meeting" in changed:
            statement_check_deadline(actor=actor, meeting=current.meeting, at=at)
            check_membership(stakeholder=current.stakeholder, meeting=current.meeting)
        if "file" in data:
            upload = data["file"]
            if upload:
                # The file already stored (an unchanged form field) is not a new upload.
                if not (getattr(upload, "_committed", False) and upload.name == current.file.name):
                    check_file(upload)
                    current.file = upload
                    changed.append("file")
            elif current.file:
                current.file = ""
                changed.append("file")
        if {"speaker", "meeting"} & set(changed) or "speaker_post" in data:
            check_speaker(speaker=current.speaker, stakeholder=current.stakeholder)
            if current.speaker is not None and not current.speaker_post:
                current.speaker_post = default_post(
                    speaker=current.speaker,
                    stakeholder=current.stakeholder,
                    meeting=current.meeting,
                )
                if "speaker_post" not in changed:
                    changed.append("speaker_post")
        check_fields(current)
        themes_changed = False
        if "themes" in data:
            new_ids = {theme.pk for theme in data["themes"]}
            old_ids = set(current.themes.values_list("pk", flat=True))
            if new_ids != old_ids:
                set_themes_silently(current, data["themes"])
                themes_changed = True
        if not changed and not themes_changed:
            return statement
        new_files.store(current)
        save_with_history(current, actor=actor, at=at, update_fields=changed)
        if {"title", "text", "language"} & set(changed):  # the vector is in its language
            statement_search_refresh(statement=current)
    copy_back(statement, current, [*changed, "updated"])
    return current
