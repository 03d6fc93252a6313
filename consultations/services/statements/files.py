"""A statement's file and its row are kept together: a file stays in storage only if a row
(the statement or one of its history rows) names it.

A change that brings a new file stores it inside ``new_files_kept_on_success()`` before the row
is written; if anything in the block fails (a refused check, a database error, the commit), the
file is removed again, and a storage that fails (a full disk, an unreachable S3) raises
FileNotStored, with no partial file left. What no exception handler can see (a worker killed
mid-upload, an outer transaction rolled back after the block) leaves an orphan that
``statement_files_sweep`` removes once it is older than a grace period.
"""

import datetime
import errno
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.storage import Storage
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import Statement
from consultations.models.statements import STATEMENT_FILES_FOLDER
from consultations.services.statements.errors import FileNotStored

logger = logging.getLogger(__name__)

try:  # S3 through django-storages; absent, only the file system's errors can occur
    from botocore.exceptions import BotoCoreError, ClientError

    STORAGE_ERRORS: tuple[type[Exception], ...] = (OSError, BotoCoreError, ClientError)
except ImportError:  # pragma: no cover
    STORAGE_ERRORS = (OSError,)

NO_SPACE = (errno.ENOSPC, errno.EDQUOT)


def _not_stored(error: Exception) -> FileNotStored:
    if isinstance(error, OSError) and error.errno in NO_SPACE:
        return FileNotStored(
            _(
                "The file could not be stored because the server has no space left. Nothing was "
                "saved; your text is still in the form. Choose the file again and retry later, "
                "or save without the file, and tell the Secretariat."
            )
        )
    return FileNotStored(
        _(
            "The file could not be stored because the file storage is not answering. Nothing "
            "was saved; your text is still in the form. Choose the file again and retry in a "
            "few minutes, or save without the file."
        )
    )


def _remove(storage: Storage, name: str) -> None:
    """Delete ``name`` if it is there; a storage that fails again is logged, and the sweep
    removes the file later."""
    try:
        if storage.exists(name):
            storage.delete(name)
    except STORAGE_ERRORS:
        logger.warning("Could not remove the unsaved statement file %s; the sweep will.", name)


class NewFiles:
    """The files stored during one change, to be removed unless the change completes."""

    def __init__(self) -> None:
        self.stored: list[tuple[Storage, str]] = []

    def store(self, statement: Statement) -> None:
        """Store ``statement.file`` if it is a new upload, under the name the server chooses,
        and give the statement that name. Raises FileNotStored, leaving no partial file, if
        the storage fails; does nothing for a file already stored or none."""
        field_file = statement.file
        if not field_file or field_file._committed:
            return
        storage, field = field_file.storage, field_file.field
        # A fresh random name (statement_file_path): a partial file under it can only be ours.
        name = field.generate_filename(statement, field_file.name)
        try:
            stored = storage.save(name, field_file.file, max_length=field.max_length)
        except STORAGE_ERRORS as error:
            logger.error("Could not store statement file %s: %s", name, error)
            _remove(storage, name)
            raise _not_stored(error) from error
        except BaseException:
            _remove(storage, name)
            raise
        self.stored.append((storage, stored))
        setattr(statement, field.attname, stored)

    def remove(self) -> None:
        for storage, name in self.stored:
            _remove(storage, name)
        self.stored.clear()


@contextmanager
def new_files_kept_on_success() -> Iterator[NewFiles]:
    """Yield a NewFiles whose stored files are removed again if the block raises (wrap the
    transaction in it, so that a failed commit removes them too)."""
    files = NewFiles()
    try:
        yield files
    except BaseException:
        files.remove()
        raise


def _referenced_names() -> set[str]:
    names = set(Statement.objects.exclude(file="").values_list("file", flat=True))
    names.update(Statement.history.exclude(file="").values_list("file", flat=True))
    return names


def _modified(storage: Storage, name: str) -> datetime.datetime | None:
    """When ``name`` was last written; None if it is gone (another sweep removed it)."""
    try:
        return storage.get_modified_time(name)
    except FileNotFoundError:
        return None
    except STORAGE_ERRORS as error:
        if getattr(error, "response", {}).get("Error", {}).get("Code") in {"404", "NoSuchKey"}:
            return None
        raise


def statement_files_sweep(
    *,
    storage: Storage,
    grace: datetime.timedelta,
    now: datetime.datetime | None = None,
    dry_run: bool = False,
) -> list[str]:
    """Delete the files in the statements' folder of ``storage`` that no statement and no
    history row names and that were last written more than ``grace`` before ``now``; return
    their names, sorted (with ``dry_run``, only return them).

    Idempotent, and safe while app servers write and while another sweep runs: the names in use
    are read before the folder is listed, a file written since is younger than ``grace``, and a
    file already gone is skipped. Raises what the storage raises when it cannot list.
    """
    now = now or timezone.now()
    referenced = _referenced_names()
    try:
        _folders, files = storage.listdir(STATEMENT_FILES_FOLDER)
    except FileNotFoundError:
        return []
    removed = []
    for filename in sorted(files):
        name = f"{STATEMENT_FILES_FOLDER}/{filename}"
        if name in referenced:
            continue
        modified = _modified(storage, name)
        if modified is None or now - modified <= grace:
            continue
        if not dry_run:
            storage.delete(name)
            logger.info("Removed the orphan statement file %s (written %s).", name, modified)
        removed.append(name)
    return removed
