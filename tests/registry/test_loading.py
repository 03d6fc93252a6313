import datetime
import shutil
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from registry.choices import ProtocolRank, StakeholderKind
from registry.loading import DATA_DIR, RegistryDataError, registry_load
from registry.models import Appointment, Grouping, Membership, Person, RegionalGroup, Stakeholder

pytestmark = pytest.mark.django_db


def test_loads_193_member_states_in_five_regional_groups(registry):
    states = Stakeholder.objects.member_states()

    assert states.count() == 193
    assert Counter(states.values_list("regional_group__code", flat=True)) == {
        "AFRICAN": 54,
        "ASIA_PACIFIC": 54,
        "EEG": 23,
        "GRULAC": 33,
        "WEOG": 29,
    }
    assert states.filter(iso3__isnull=True).count() == 0


def test_192_member_states_on_the_first_day_of_the_dialogue(registry):
    on_day_one = Stakeholder.objects.member_states().active_on(datetime.date(2006, 9, 14))

    assert on_day_one.count() == 192
    assert on_day_one.filter(iso3="MNE").exists()  # admitted 28 June 2006
    assert not on_day_one.filter(iso3="SSD").exists()  # admitted 14 July 2011


def test_admission_dates_of_the_newest_members(registry):
    dates = dict(
        Stakeholder.objects.filter(iso3__in=["MNE", "SSD", "CHE", "TLS"]).values_list(
            "iso3", "admission_date"
        )
    )

    assert dates == {
        "MNE": datetime.date(2006, 6, 28),
        "SSD": datetime.date(2011, 7, 14),
        "CHE": datetime.date(2002, 9, 10),
        "TLS": datetime.date(2002, 9, 27),
    }


def test_observer_states_are_the_holy_see_and_palestine(registry):
    observers = Stakeholder.objects.filter(kind=StakeholderKind.OBSERVER_STATE)

    assert sorted(observers.values_list("iso3", flat=True)) == ["PSE", "VAT"]


def test_global_migration_group_has_the_ten_members_of_the_briefing(registry):
    gmg = Grouping.objects.get(slug="gmg")

    members = Stakeholder.objects.in_grouping(gmg, date=datetime.date(2006, 9, 14))

    assert sorted(members.values_list("short_name", flat=True)) == [
        "ILO",
        "IOM",
        "UNCTAD",
        "UNDESA",
        "UNDP",
        "UNFPA",
        "UNHCHR",
        "UNHCR",
        "UNODC",
        "World Bank",
    ]
    assert gmg.established == datetime.date(2006, 4, 1)


def test_special_representative_is_peter_sutherland(registry):
    appointment = Appointment.objects.select_related("person", "stakeholder").get(
        stakeholder__slug="srsg-migration"
    )

    assert str(appointment.person) == "Mr. Peter Sutherland"
    assert appointment.stakeholder.kind == StakeholderKind.INDIVIDUAL_OFFICE
    assert appointment.stakeholder.parent.slug == "executive-office-sg"


def test_iom_is_an_intergovernmental_organization_and_gcim_an_independent_body(registry):
    kinds = dict(Stakeholder.objects.filter(slug__in=["iom", "gcim"]).values_list("slug", "kind"))

    assert kinds == {"iom": StakeholderKind.IGO, "gcim": StakeholderKind.INDEPENDENT_BODY}


def test_five_regional_commissions(registry):
    commissions = Stakeholder.objects.filter(un_entity_type="regional_commission")

    assert sorted(commissions.values_list("short_name", flat=True)) == [
        "ECA",
        "ECE",
        "ECLAC",
        "ESCAP",
        "ESCWA",
    ]


def test_loading_twice_changes_nothing(db):
    first = registry_load()
    history_before = Stakeholder.history.count()
    names_before = list(Stakeholder.objects.order_by("pk").values_list("pk", "slug", "name"))

    second = registry_load()

    assert first.changed == 325
    assert second.changed == 0
    assert sum(second.unchanged.values()) == sum(first.created.values())
    assert Stakeholder.history.count() == history_before
    assert (
        list(Stakeholder.objects.order_by("pk").values_list("pk", "slug", "name")) == names_before
    )


def test_command_reports_up_to_date_on_second_run(registry, capsys):
    call_command("load_registry")

    assert "Registry already up to date." in capsys.readouterr().out


@pytest.fixture
def data_dir(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _replace_line(path, line_number: int, new_line: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line_number - 1] = new_line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _table_counts() -> list[int]:
    return [
        m.objects.count()
        for m in (RegionalGroup, Stakeholder, Grouping, Membership, Person, Appointment)
    ]


def test_bad_date_stops_the_load_naming_file_line_and_reason(data_dir):
    _replace_line(data_dir / "member_states.csv", 5, "DZA,Algeria,1962-13-08,AFRICAN")

    with pytest.raises(CommandError) as raised:
        call_command("load_registry", data_dir=data_dir)

    assert str(raised.value) == (
        "Registry data not loaded (nothing was changed):\n"
        "member_states.csv, line 5: column 'admission_date': '1962-13-08' is not a date "
        "(YYYY-MM-DD)"
    )
    assert _table_counts() == [0, 0, 0, 0, 0, 0]


def test_error_in_the_last_file_keeps_nothing_from_the_earlier_ones(data_dir):
    path = data_dir / "persons.csv"
    _replace_line(path, 3, "kofi-annan,Mr.,Kofi,Annan,Secretary-General,nowhere,other,,")

    with pytest.raises(RegistryDataError) as raised:
        registry_load(data_dir=data_dir)

    assert raised.value.errors == [
        "persons.csv, line 3: column 'stakeholder': no stakeholder with slug or ISO code 'nowhere'"
    ]
    assert _table_counts() == [0, 0, 0, 0, 0, 0]


def test_every_malformed_row_of_a_file_is_reported(data_dir):
    path = data_dir / "member_states.csv"
    _replace_line(path, 2, "afg,Afghanistan,1946-11-19,ASIA_PACIFIC")
    _replace_line(path, 3, "ALB,Albania,1955-12-14,EUROPE")
    _replace_line(path, 4, "DZA,,1962-10-08,AFRICAN")

    with pytest.raises(RegistryDataError) as raised:
        registry_load(data_dir=data_dir)

    assert raised.value.errors == [
        "member_states.csv, line 2: column 'iso3': 'afg' is not three capital letters",
        "member_states.csv, line 3: column 'regional_group': no regional group 'EUROPE'",
        "member_states.csv, line 4: column 'name' is empty",
    ]


def test_membership_ending_before_it_starts_is_refused_by_the_model_rules(data_dir):
    path = data_dir / "memberships.csv"
    _replace_line(path, 2, "gmg,ilo,2006-04-01,2006-01-01")

    with pytest.raises(RegistryDataError) as raised:
        registry_load(data_dir=data_dir)

    assert raised.value.errors == [
        "memberships.csv, line 2: A membership must end after it starts."
    ]


def test_unknown_kind_and_missing_column_are_reported(data_dir):
    path = data_dir / "stakeholders.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    _replace_line(path, 2, lines[1].replace(",un_entity,", ",agency,", 1))

    with pytest.raises(RegistryDataError) as raised:
        registry_load(data_dir=data_dir)
    assert raised.value.errors[0].startswith(
        "stakeholders.csv, line 2: column 'kind': 'agency' is not one of member_state, "
    )

    (data_dir / "groupings.csv").write_text("slug,name\ngmg,Global Migration Group\n")
    shutil.copy(DATA_DIR / "stakeholders.csv", path)
    with pytest.raises(RegistryDataError) as raised:
        registry_load(data_dir=data_dir)
    assert raised.value.errors == [
        "groupings.csv, line 1: missing column(s) short_name, kind, established, description"
    ]


def test_a_changed_name_updates_the_state_and_keeps_its_address(registry, data_dir):
    path = data_dir / "member_states.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith("TUR,"))
    _replace_line(path, number, "TUR,Turkey,1945-10-24,WEOG")
    slug_before = Stakeholder.objects.get(iso3="TUR").slug

    report = registry_load(data_dir=data_dir)

    turkey = Stakeholder.objects.get(iso3="TUR")
    assert (turkey.name, turkey.slug) == ("Turkey", slug_before)
    assert report.updated == {"stakeholders": 1}


def test_ranks_of_the_data_files_map_to_protocol_order(registry):
    verhofstadt = Person.objects.get(slug="guy-verhofstadt").appointments.get()

    assert verhofstadt.rank == ProtocolRank.HEAD_OF_GOVERNMENT
    assert verhofstadt.stakeholder.iso3 == "BEL"
