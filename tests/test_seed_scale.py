"""``seed_scale`` with tiny numbers: exact counts, determinism, the SQLite guard."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from consultations.choices import Language, StatementState
from consultations.demo.scale import scale_counts, scale_delete, scale_fingerprint
from consultations.models import Statement
from registry.models import Stakeholder

SMALL = [
    "--processes=3",
    "--meetings=25",
    "--statements=60",
    "--positions=700",
    "--words-min=20",
    "--words-max=60",
    "--allow-sqlite",
]


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_scale", *SMALL, *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_scale_creates_exactly_the_numbers_asked_for():
    seed()

    counts = scale_counts()
    assert {
        k: counts[k] for k in ("processes", "meetings", "venues", "statements", "positions")
    } == {
        "processes": 3,
        "meetings": 25,
        "venues": 12,
        "statements": 60,
        "positions": 700,
    }
    # 700 positions over 3 processes (234, 233, 233), each process tracking as many issues as
    # its share needs at one position per stakeholder and issue.
    stakeholders = Stakeholder.objects.count()
    assert counts["issues"] == sum(-(-share // stakeholders) for share in (234, 233, 233))
    assert counts["delegations"] > 0
    assert counts["seats"] > 0
    assert counts["inscriptions"] > 0
    # 25 meetings: 9, 8, 8 a process; round tables are the 5th to 8th of each (12) and have no
    # speakers list.
    assert counts["speakers_lists"] == 25 - 12


@pytest.mark.django_db
def test_seed_scale_statements_are_realistic():
    seed()

    statements = list(Statement.objects.filter(meeting__process__slug__startswith="scale-"))
    assert {s.language for s in statements} <= set(Language.values)
    assert all(s.state != StatementState.PUBLISHED or s.published_at for s in statements)
    published = [s for s in statements if s.state == StatementState.PUBLISHED]
    assert len(published) > len(statements) / 2
    for s in statements:
        n_words = len(s.text.split()) if s.language != Language.CHINESE else None
        if n_words is not None:
            assert 20 <= n_words <= 60


@pytest.mark.django_db
def test_seed_scale_same_seed_gives_the_same_data_and_another_seed_other_data():
    seed("--seed=7")
    first = scale_fingerprint()
    scale_delete()
    assert scale_counts()["statements"] == 0

    seed("--seed=7")
    assert scale_fingerprint() == first

    seed("--seed=8", "--replace")
    assert scale_fingerprint() != first


@pytest.mark.django_db
def test_seed_scale_refuses_to_run_twice_without_replace():
    seed()
    with pytest.raises(CommandError, match="already loaded"):
        seed()


@pytest.mark.django_db
def test_seed_scale_refuses_sqlite_without_allow_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("the guard is for SQLite")
    with pytest.raises(CommandError, match="refuses to run on SQLite"):
        call_command("seed_scale", "--statements=1", stdout=io.StringIO())
