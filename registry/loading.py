"""Load the registry's reference data (``registry/data/*.csv``) into the database.

One function, ``registry_load``, used by ``manage.py load_registry`` in production and by the
demo. It is idempotent: a row already in the database with the same values is left alone (no
save, no history row). A malformed row stops the whole load: nothing is kept, and the error
names the file, the line and the reason.
"""

import csv
import datetime
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify

from registry.choices import GroupingKind, ProtocolRank, StakeholderKind, UNEntityType
from registry.country_names import UnknownTerritory, state_names
from registry.languages import language_field_suffixes
from registry.models import (
    Appointment,
    Grouping,
    Membership,
    Person,
    RegionalGroup,
    Stakeholder,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
ISO3 = re.compile(r"^[A-Z]{3}$")


class RegistryDataError(Exception):
    """One or more rows of the data files are malformed; each message names file and line."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def lines(self) -> list[str]:
        names = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return [
            f"{name}: {self.created[name]} created, {self.updated[name]} updated, "
            f"{self.unchanged[name]} unchanged"
            for name in names
        ]


class DataRowError(Exception):
    """A value of one row is malformed; the loader adds the file and line."""


@dataclass
class DataRow:
    path: Path
    line: int
    values: dict[str, str]

    @property
    def where(self) -> str:
        return f"{self.path.name}, line {self.line}"

    def text(self, column: str, *, required: bool = True) -> str:
        value = (self.values.get(column) or "").strip()
        if required and not value:
            raise DataRowError(f"column {column!r} is empty")
        if any(ord(c) < 32 for c in value):
            raise DataRowError(f"column {column!r} contains a control character")
        return value

    def date(self, column: str, *, required: bool = False) -> datetime.date | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise DataRowError(f"column {column!r}: {value!r} is not a date (YYYY-MM-DD)") from None

    def choice(self, column: str, choices: type[models.TextChoices], *, required=True) -> str:
        value = self.text(column, required=required)
        if value and value not in choices.values:
            raise DataRowError(
                f"column {column!r}: {value!r} is not one of {', '.join(choices.values)}"
            )
        return value


def data_rows(path: Path, columns: list[str]) -> Iterator[DataRow]:
    if not path.exists():
        raise RegistryDataError([f"{path.name}: file not found in {path.parent}"])
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise RegistryDataError(
                [f"{path.name}, line 1: missing column(s) {', '.join(missing)}"]
            )
        for values in reader:
            if None in values:
                raise RegistryDataError(
                    [f"{path.name}, line {reader.line_num}: more fields than the header has"]
                )
            yield DataRow(path, reader.line_num, values)


class CsvLoader:
    """Reads data files row by row into models; collects each malformed row's error."""

    def __init__(self, data_dir: Path, report: LoadReport | None = None):
        self.data_dir = data_dir
        self.report = report or LoadReport()
        self.errors: list[str] = []

    @staticmethod
    def translations(row: DataRow, *fields: str) -> dict[str, str]:
        """The other languages' values of ``fields`` that the row gives, in optional columns
        named as the model's (``name_fr``, ``name_zh_hans``); English is the field's own."""
        values = {}
        for name in fields:
            for suffix in language_field_suffixes()[1:]:
                value = row.text(f"{name}_{suffix}", required=False)
                if value:
                    values[f"{name}_{suffix}"] = value
        return values

    def _run(self, filename: str, columns: list[str], handle) -> None:
        for row in data_rows(self.data_dir / filename, columns):
            try:
                handle(row)
            except DataRowError as error:
                self.errors.append(f"{row.where}: {error}")
            except ValidationError as error:
                self.errors.append(f"{row.where}: {'; '.join(error.messages)}")
        if self.errors:
            raise RegistryDataError(self.errors)

    def _upsert(self, existing: dict, key, model: type[models.Model], values: dict):
        """Create or update one row; save only when a value differs."""
        name = model._meta.verbose_name_plural
        obj = existing.get(key)
        if obj is None:
            obj = model(**values)
            obj.full_clean(validate_unique=False)
            obj.save()
            existing[key] = obj
            self.report.created[name] += 1
            return obj
        changed = [f for f, v in values.items() if getattr(obj, f) != v]
        if not changed:
            self.report.unchanged[name] += 1
            return obj
        for f in changed:
            setattr(obj, f, values[f])
        obj.full_clean(validate_unique=False)
        obj.save()
        self.report.updated[name] += 1
        return obj


class _Loader(CsvLoader):
    def _stakeholder_ref(self, row: DataRow, column: str, *, required=True) -> Stakeholder | None:
        ref = row.text(column, required=required)
        if not ref:
            return None
        found = self.stakeholders_by_iso3.get(ref) or self.stakeholders_by_slug.get(ref)
        if found is None:
            raise DataRowError(f"column {column!r}: no stakeholder with slug or ISO code {ref!r}")
        return found

    def _new_slug(self, name: str, fallback: str) -> str:
        slug = slugify(name)[:110] or fallback.lower()
        if slug in self.stakeholders_by_slug:
            slug = f"{slug}-{fallback.lower()}"
        return slug

    # -- files -----------------------------------------------------------------------------
    def load(self) -> LoadReport:
        self.groups = {g.code: g for g in RegionalGroup.objects.all()}
        self.un_names = {}
        self._run("state_names_un.csv", ["iso3"], self.state_names_un)
        self._run(
            "regional_groups.csv", ["code", "name", "short_name", "order"], self.regional_group
        )

        stakeholders = list(Stakeholder.objects.all())
        self.stakeholders_by_slug = {s.slug: s for s in stakeholders}
        self.stakeholders_by_iso3 = {s.iso3: s for s in stakeholders if s.iso3}
        columns = ["iso3", "name", "admission_date", "regional_group"]
        self._run("member_states.csv", columns, self.member_state)
        self._run("observer_states.csv", ["iso3", "name", "observer_since"], self.observer_state)
        columns = [
            "slug",
            "kind",
            "subkind",
            "name",
            "short_name",
            "parent",
            "established",
            "dissolved",
            "website",
            "description",
        ]
        # Two passes: a row may name a parent that comes later in the file.
        self._run("stakeholders.csv", columns, self.stakeholder)
        self._run("stakeholders.csv", columns, self.stakeholder_parent)

        self.groupings = {g.slug: g for g in Grouping.objects.all()}
        columns = ["slug", "name", "short_name", "kind", "established", "description"]
        self._run("groupings.csv", columns, self.grouping)
        self.memberships = {
            (m.grouping_id, m.stakeholder_id, m.start): m for m in Membership.objects.all()
        }
        self._run("memberships.csv", ["grouping", "member", "start", "end"], self.membership)

        self.persons = {p.slug: p for p in Person.objects.all()}
        self.appointments = {
            (a.person_id, a.stakeholder_id, a.post, a.start): a for a in Appointment.objects.all()
        }
        columns = [
            "slug",
            "honorific",
            "given_name",
            "family_name",
            "post",
            "stakeholder",
            "rank",
            "start",
            "end",
        ]
        self._run("persons.csv", columns, self.person)
        return self.report

    def regional_group(self, row: DataRow) -> None:
        code = row.text("code")
        try:
            order = int(row.text("order"))
        except ValueError:
            raise DataRowError(f"column 'order': {row.text('order')!r} is not a number") from None
        values = {
            "code": code,
            "name": row.text("name"),
            "short_name": row.text("short_name"),
            "order": order,
            **self.translations(row, "name", "short_name"),
        }
        self._upsert(self.groups, code, RegionalGroup, values)

    def _state(self, row: DataRow, kind: str, extra: dict) -> None:
        iso3 = row.text("iso3")
        if not ISO3.match(iso3):
            raise DataRowError(f"column 'iso3': {iso3!r} is not three capital letters")
        name = row.text("name")
        current = self.stakeholders_by_iso3.get(iso3)
        slug = current.slug if current else self._new_slug(name, iso3)
        try:
            names, sources = state_names(
                iso3=iso3, english=name, un_forms=self.un_names.get(iso3, {})
            )
        except UnknownTerritory as error:
            raise DataRowError(str(error)) from None
        values = {
            "kind": kind,
            "iso3": iso3,
            "name": name,
            "slug": slug,
            **names,
            "name_sources": sources,
            **extra,
        }
        obj = self._upsert(self.stakeholders_by_iso3, iso3, Stakeholder, values)
        self.stakeholders_by_slug[obj.slug] = obj

    def state_names_un(self, row: DataRow) -> None:
        """The UN's forms of a State's name in the other languages (state_names_un.csv)."""
        forms = {
            suffix.replace("_", "-"): row.text(suffix, required=False)
            for suffix in language_field_suffixes()[1:]
        }
        self.un_names[row.text("iso3")] = {k: v for k, v in forms.items() if v}

    def member_state(self, row: DataRow) -> None:
        code = row.text("regional_group")
        group = self.groups.get(code)
        if group is None:
            raise DataRowError(f"column 'regional_group': no regional group {code!r}")
        self._state(
            row,
            StakeholderKind.MEMBER_STATE,
            {
                "admission_date": row.date("admission_date", required=True),
                "regional_group_id": group.pk,
            },
        )

    def observer_state(self, row: DataRow) -> None:
        self._state(
            row, StakeholderKind.OBSERVER_STATE, {"established": row.date("observer_since")}
        )

    def stakeholder(self, row: DataRow) -> None:
        slug = row.text("slug")
        kind = row.choice("kind", StakeholderKind)
        if kind in StakeholderKind.states():
            raise DataRowError("States belong in member_states.csv or observer_states.csv")
        values = {
            "slug": slug,
            "kind": kind,
            "un_entity_type": row.choice("subkind", UNEntityType, required=False),
            "name": row.text("name"),
            "short_name": row.text("short_name", required=False),
            "established": row.date("established"),
            "dissolved": row.date("dissolved"),
            "website": row.text("website", required=False),
            "description": row.text("description", required=False),
        }
        self._upsert(self.stakeholders_by_slug, slug, Stakeholder, values)

    def stakeholder_parent(self, row: DataRow) -> None:
        obj = self.stakeholders_by_slug[row.text("slug")]
        parent = self._stakeholder_ref(row, "parent", required=False)
        if parent == obj:
            raise DataRowError("a stakeholder cannot be part of itself")
        parent_id = parent.pk if parent else None
        if obj.parent_id != parent_id:
            obj.parent_id = parent_id
            obj.save(update_fields=["parent"])
            # The stakeholder row itself was counted by the first pass.

    def grouping(self, row: DataRow) -> None:
        slug = row.text("slug")
        values = {
            "slug": slug,
            "name": row.text("name"),
            "short_name": row.text("short_name", required=False),
            "kind": row.choice("kind", GroupingKind),
            "established": row.date("established"),
            "description": row.text("description", required=False),
            **self.translations(row, "name", "short_name"),
        }
        self._upsert(self.groupings, slug, Grouping, values)

    def membership(self, row: DataRow) -> None:
        slug = row.text("grouping")
        grouping = self.groupings.get(slug)
        if grouping is None:
            raise DataRowError(f"column 'grouping': no grouping {slug!r}")
        member = self._stakeholder_ref(row, "member")
        start, end = row.date("start"), row.date("end")
        values = {
            "grouping_id": grouping.pk,
            "stakeholder_id": member.pk,
            "start": start,
            "end": end,
        }
        self._upsert(self.memberships, (grouping.pk, member.pk, start), Membership, values)

    def person(self, row: DataRow) -> None:
        slug = row.text("slug")
        values = {
            "slug": slug,
            "honorific": row.text("honorific", required=False),
            "given_name": row.text("given_name", required=False),
            "family_name": row.text("family_name"),
            # optional column: "yes" for a name written family name first (Ban Ki-moon)
            "family_name_first": row.text("family_name_first", required=False) == "yes",
        }
        person = self._upsert(self.persons, slug, Person, values)
        stakeholder = self._stakeholder_ref(row, "stakeholder")
        try:
            rank = ProtocolRank.from_code(row.text("rank"))
        except ValueError as error:
            raise DataRowError(f"column 'rank': {error}") from None
        post, start = row.text("post"), row.date("start")
        values = {
            "person_id": person.pk,
            "stakeholder_id": stakeholder.pk,
            "post": post,
            "rank": rank.value,
            "start": start,
            "end": row.date("end"),
        }
        self._upsert(
            self.appointments, (person.pk, stakeholder.pk, post, start), Appointment, values
        )


def registry_load(*, data_dir: Path = DATA_DIR, report: LoadReport | None = None) -> LoadReport:
    """Create or update the registry from the CSV files in ``data_dir``, all or nothing.

    Raises ``RegistryDataError`` listing every malformed row of the first file that has one;
    the transaction is then rolled back, so the database is as it was before the call.
    """
    with transaction.atomic():
        return _Loader(data_dir, report).load()
