"""The Secretariat's delegation pages on the demo registry: registration in bulk (all 192 Member
States of 14 September 2006 in one action), and the import of a list with its preview."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from consultations.models import Delegation, DelegationMember, Process
from tests import hostile_helpers
from tests.factories import ProcessFactory
from tests.hostile_helpers import role_clients, row_counts

demo = hostile_helpers.demo  # the fixture, loaded once for this module

DIALOGUE_DAY = datetime.date(2006, 9, 14)


@pytest.fixture
def staff(demo, db):
    return role_clients()["secretariat"]


@pytest.fixture
def forum(db):
    """A new process that opens on the first day of the Dialogue, no delegation yet."""
    return ProcessFactory(
        slug="forum-2006",
        title="Forum",
        start_date=DIALOGUE_DAY,
        end_date=datetime.date(2006, 9, 15),
    )


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def register(client, process: Process, **fields):
    data = {"process": process.slug, "as_of": DIALOGUE_DAY.isoformat(), **fields}
    return client.post(reverse("secretariat:delegations-register"), data)


def upload(client, process: Process, name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = f"{reverse('secretariat:delegations-import')}?process={process.slug}"
    return client.post(path, {"file": SimpleUploadedFile(name, content)})


def test_bulk_registers_all_192_member_states_of_14_september_2006_in_one_action(staff, forum):
    response = register(staff, forum, scope="member_states")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('secretariat:delegations')}?process=forum-2006"
    assert texts(response) == ["192 delegations registered."]
    delegations = Delegation.objects.filter(process=forum)
    assert delegations.count() == 192
    assert set(delegations.values_list("stakeholder__kind", flat=True)) == {"member_state"}
    iso3 = set(delegations.values_list("stakeholder__iso3", flat=True))
    assert "MNE" in iso3  # admitted on 28 June 2006
    assert "SSD" not in iso3  # admitted in 2011
    assert Delegation.history.filter(process_id=forum.pk, history_type="+").count() == 192


def test_bulk_registration_again_skips_and_names_those_already_registered(staff, forum):
    staff.get(register(staff, forum, scope="member_states")["Location"])  # shows its messages

    response = register(staff, forum, scope="member_states")

    assert Delegation.objects.filter(process=forum).count() == 192
    assert texts(response) == [
        "192 already registered, skipped: Afghanistan, Albania, Algeria, Andorra, Angola, "
        "Antigua and Barbuda, Argentina, Armenia, Australia, Austria, Azerbaijan, Bahamas, "
        "Bahrain, Bangladesh, Barbados, Belarus, Belgium, Belize, Benin, Bhutan and 172 others.",
        "0 delegations registered.",
    ]


def test_member_states_are_those_admitted_on_the_date_chosen(staff, forum):
    response = register(staff, forum, scope="member_states", as_of="2006-06-08")

    assert texts(response) == ["191 delegations registered."]
    assert not Delegation.objects.filter(process=forum, stakeholder__iso3="MNE").exists()


def test_bulk_registers_one_regional_group(staff, forum):
    from registry.models import RegionalGroup

    weog = RegionalGroup.objects.get(code="WEOG")

    response = register(staff, forum, scope="regional_group", regional_group=weog.pk)

    registered = Delegation.objects.filter(process=forum)
    assert texts(response) == ["29 delegations registered."]
    assert set(registered.values_list("stakeholder__regional_group__code", flat=True)) == {"WEOG"}


def test_a_regional_group_registration_needs_its_group(staff, forum):
    response = register(staff, forum, scope="regional_group")

    assert texts(response) == ["Choose the regional group."]
    assert Delegation.objects.filter(process=forum).count() == 0


def test_bulk_registers_all_observers(staff, forum):
    response = register(staff, forum, scope="observers")

    assert texts(response) == ["8 delegations registered."]
    assert sorted(
        Delegation.objects.filter(process=forum).values_list("stakeholder__slug", flat=True)
    ) == [
        "african-union",
        "council-of-europe",
        "european-union",
        "holy-see",
        "icrc",
        "iom",
        "ipu",
        "oecd",
    ]


def test_the_dialogues_own_delegations_are_all_skipped(staff, demo):
    hld = Process.objects.get(slug="hld-2006")

    response = register(staff, hld, scope="member_states")

    assert texts(response)[1] == "0 delegations registered."
    assert texts(response)[0].startswith("192 already registered, skipped:")


GOOD_CSV = (
    "stakeholder,person,post,rank,head\n"
    "BEL,guy-verhofstadt,Prime Minister,head_of_government,yes\n"
    "european-union,,,,\n"
)
ONE_BAD_ROW_CSV = GOOD_CSV + "XXX,,,,\n"


def test_a_csv_with_one_bad_row_is_refused_with_its_line_and_reason_and_nothing_saved(staff, forum):
    before = row_counts()

    response = upload(staff, forum, "delegations.csv", ONE_BAD_ROW_CSV.encode())

    assert response.status_code == 200
    assert response.context["plan"].errors == [
        "Line 4: no stakeholder with ISO code or slug “XXX”."
    ]
    assert response.context["confirm_form"] is None
    html = response.content.decode()
    assert "Some rows have errors: nothing is saved." in html
    assert "Line 4: no stakeholder with ISO code or slug “XXX”." in html
    assert row_counts() == before


def test_the_preview_shows_every_row_then_confirm_saves_them_all(staff, forum):
    preview = upload(staff, forum, "delegations.csv", ("\ufeff" + GOOD_CSV).encode())
    plan = preview.context["plan"]
    assert [(r.line, r.action, r.errors) for r in plan.rows] == [
        (2, "new-delegation", []),
        (3, "new-delegation", []),
    ]
    assert Delegation.objects.filter(process=forum).count() == 0
    confirm = preview.context["confirm_form"]

    response = staff.post(
        reverse("secretariat:delegations-import-confirm"),
        {"process": "forum-2006", "payload": confirm.initial["payload"]},
    )

    assert response.status_code == 302
    assert texts(response) == [
        "Saved. New delegations: 2; members added: 1; members updated: 0; "
        "heads of delegation named: 1."
    ]
    belgium = Delegation.objects.get(process=forum, stakeholder__slug="belgium")
    assert (belgium.head.slug, belgium.head_post, belgium.level) == (
        "guy-verhofstadt",
        "Prime Minister",
        3,
    )
    assert list(belgium.members.values_list("person__slug", "post", "rank")) == [
        ("guy-verhofstadt", "Prime Minister", 3)
    ]
    assert sorted(
        Delegation.objects.filter(process=forum).values_list("stakeholder__slug", flat=True)
    ) == ["belgium", "european-union"]


def test_an_xlsx_list_is_read_like_a_csv(staff, forum):
    book = openpyxl.Workbook()
    sheet = book.active
    for line in GOOD_CSV.splitlines():
        sheet.append(line.split(","))
    sheet.append(["MEX", "nobody-here", "", "", "yes"])
    buffer = io.BytesIO()
    book.save(buffer)

    response = upload(staff, forum, "delegations.xlsx", buffer.getvalue())

    assert response.context["plan"].errors == ["Line 4: no person with slug “nobody-here”."]


def test_a_file_that_is_not_a_list_is_refused_on_the_form(staff, forum):
    response = upload(staff, forum, "delegations.csv", b"name,country\nBelgium,BEL\n")

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["Line 1: the header has no column stakeholder."]
    }


def test_a_confirmation_whose_rows_went_bad_since_saves_nothing(staff, forum):
    from registry.models import Person

    preview = upload(staff, forum, "delegations.csv", GOOD_CSV.encode())
    payload = preview.context["confirm_form"].initial["payload"]
    Person.objects.filter(slug="guy-verhofstadt").update(slug="guy-verhofstadt-2")

    response = staff.post(
        reverse("secretariat:delegations-import-confirm"),
        {"process": "forum-2006", "payload": payload},
    )

    assert response.status_code == 200
    assert response.context["plan"].errors == ["Line 2: no person with slug “guy-verhofstadt”."]
    assert Delegation.objects.filter(process=forum).count() == 0


def test_an_altered_confirmation_is_refused(staff, forum):
    response = staff.post(
        reverse("secretariat:delegations-import-confirm"),
        {"process": "forum-2006", "payload": "eyJ9:forged"},
    )

    assert response.status_code == 302
    assert texts(response) == ["The preview has expired or was altered; upload the file again."]
    assert Delegation.objects.filter(process=forum).count() == 0


def test_the_template_lists_the_columns(staff):
    response = staff.get(reverse("secretariat:delegations-template-csv"))

    assert response["Content-Disposition"] == 'attachment; filename="delegations-template.csv"'
    lines = response.content.decode("utf-8").splitlines()
    assert lines[0] == "\ufeffstakeholder,person,post,rank,head"
    assert lines[1] == "BEL,guy-verhofstadt,Prime Minister,head_of_government,yes"


def test_the_list_shows_each_delegations_head_and_members(staff, forum):
    upload_response = upload(staff, forum, "delegations.csv", GOOD_CSV.encode())
    staff.post(
        reverse("secretariat:delegations-import-confirm"),
        {
            "process": "forum-2006",
            "payload": upload_response.context["confirm_form"].initial["payload"],
        },
    )

    response = staff.get(f"{reverse('secretariat:delegations')}?process=forum-2006")

    assert [
        (
            d.stakeholder.slug,
            str(d.head) if d.head else "",
            [str(m.person) for m in d.members.all()],
        )
        for d in response.context["delegations"]
    ] == [
        ("belgium", "Mr. Guy Verhofstadt", ["Mr. Guy Verhofstadt"]),
        ("european-union", "", []),
    ]
    assert "Mr. Guy Verhofstadt, Prime Minister" in response.content.decode()
    assert DelegationMember.objects.filter(delegation__process=forum).count() == 1


def test_the_dashboard_links_to_the_delegations(staff):
    response = staff.get(reverse("secretariat:dashboard"))

    assert f'href="{reverse("secretariat:delegations")}"' in response.content.decode()
