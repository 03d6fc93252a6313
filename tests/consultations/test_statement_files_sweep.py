"""``manage.py statement_files_sweep``: the statement files no row names, past the grace period,
are removed; a statement's file, a replaced file that its history names, a young file (an
upload in flight) and anything outside the statements' folder stay."""

import io
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from consultations.services.statements import statement_update
from tests.consultations.statements_helpers import PDF, make

pytestmark = pytest.mark.django_db

DAY = 86400


def _age(path, seconds: int) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


@pytest.fixture
def files(media, delegate_a, state_a, meeting):
    """Every kind of file, all two days old but the young orphan."""
    statement = make(delegate_a, state_a, meeting, file=ContentFile(PDF, name="first.pdf"))
    replaced = statement.file.name
    statement = statement_update(
        actor=delegate_a,
        statement=statement,
        data={"file": ContentFile(PDF + b"%", name="second.pdf")},
    )
    names = {
        "current": statement.file.name,
        "replaced": replaced,
        "orphan": "statements/0123456789abcdef0123456789abcdef.pdf",
        "young": "statements/fedcba9876543210fedcba9876543210.docx",
        "elsewhere": "exports/report.pdf",
    }
    for key in ("orphan", "young", "elsewhere"):
        (media / names[key]).parent.mkdir(parents=True, exist_ok=True)
        (media / names[key]).write_bytes(PDF[:10])
    for key, name in names.items():
        _age(media / name, 60 if key == "young" else 2 * DAY)
    return names


def _sweep(*args) -> str:
    out = io.StringIO()
    call_command("statement_files_sweep", *args, stdout=out)
    return out.getvalue()


def _present(media, files) -> list[str]:
    return sorted(key for key, name in files.items() if (media / name).exists())


def test_sweep_removes_only_old_files_that_no_row_names(media, files):
    first = _sweep()
    second = _sweep()

    assert first == f"{files['orphan']}\nRemoved 1 orphan statement file(s).\n"
    assert _present(media, files) == ["current", "elsewhere", "replaced", "young"]
    assert second == "Removed 0 orphan statement file(s).\n"


def test_sweep_dry_run_lists_and_keeps(media, files):
    output = _sweep("--dry-run")

    assert output == f"{files['orphan']}\nWould remove 1 orphan statement file(s).\n"
    assert _present(media, files) == ["current", "elsewhere", "orphan", "replaced", "young"]


def test_sweep_grace_period_is_the_operators(media, files):
    output = _sweep("--grace-hours", "72")

    assert output == "Removed 0 orphan statement file(s).\n"
    assert _present(media, files) == ["current", "elsewhere", "orphan", "replaced", "young"]


def test_sweep_refuses_a_grace_period_shorter_than_an_upload(media):
    with pytest.raises(CommandError, match="--grace-hours must be at least 1"):
        _sweep("--grace-hours", "0.5")


def test_sweep_of_an_empty_storage_removes_nothing(media):
    assert _sweep() == "Removed 0 orphan statement file(s).\n"
