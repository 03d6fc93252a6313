"""The Django admin of the registry, as the Secretariat uses it."""

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from registry.choices import StakeholderKind
from registry.models import Stakeholder
from tests.factories import (
    AppointmentFactory,
    MembershipFactory,
    MemberStateFactory,
    RegionalGroupFactory,
    TOTPDeviceFactory,
)

pytestmark = pytest.mark.django_db

MANAGED_MODELS = [
    "stakeholder",
    "regionalgroup",
    "grouping",
    "membership",
    "person",
    "appointment",
    "focalpoint",
]

# The columns of StakeholderResource, in its export order.
COLUMNS = [
    "slug",
    "kind",
    "un_entity_type",
    "name",
    "short_name",
    "parent",
    "iso3",
    "admission_date",
    "regional_group",
    "established",
    "dissolved",
    "website",
    "description",
]
CSV_FORMAT, XLSX_FORMAT = "0", "1"  # indexes into settings.IMPORT_EXPORT_FORMATS


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def _changelist_names(response) -> list[str]:
    return [str(obj) for obj in response.context["cl"].result_list]


def _csv_file(rows: list[dict], name: str = "stakeholders.csv") -> io.BytesIO:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in COLUMNS})
    upload = io.BytesIO(buffer.getvalue().encode("utf-8"))
    upload.name = name
    return upload


NEW_STATE = {
    "slug": "freedonia",
    "kind": "member_state",
    "name": "Freedonia",
    "iso3": "FRD",
    "admission_date": "2006-06-28",
    "regional_group": "WEOG",
}


# --- Pages open ------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [*MANAGED_MODELS, "user"])
def test_secretariat_opens_every_registry_changelist(secretariat_client, registry, model):
    response = secretariat_client.get(reverse(f"admin:registry_{model}_changelist"))

    assert response.status_code == 200
    changelist = response.context["cl"]
    assert changelist.model._meta.model_name == model
    assert changelist.result_count == changelist.model.objects.count()


@pytest.mark.parametrize("model", MANAGED_MODELS)
def test_secretariat_opens_every_registry_add_page(secretariat_client, model):
    response = secretariat_client.get(reverse(f"admin:registry_{model}_add"))

    assert response.status_code == 200
    assert response.context["add"] is True
    assert response.context["adminform"].form._meta.model._meta.model_name == model


def test_secretariat_may_only_view_user_accounts(secretariat_client, secretariat_user):
    add = secretariat_client.get(reverse("admin:registry_user_add"))
    change = secretariat_client.get(
        reverse("admin:registry_user_change", args=[secretariat_user.pk])
    )

    assert add.status_code == 403
    assert change.status_code == 200
    assert change.context["has_change_permission"] is False
    assert change.context["has_view_permission"] is True


# --- Search ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "query", "expected"),
    [
        ("stakeholder", "belg", ["Belgium"]),
        ("stakeholder", "BEL", ["Belarus", "Belgium", "Belize"]),
        ("regionalgroup", "grulac", ["Latin American and Caribbean States"]),
        ("grouping", "geneva", ["Geneva Migration Group"]),
        ("person", "sutherland", ["Mr. Peter Sutherland"]),
        (
            "appointment",
            "verhofstadt",
            ["Mr. Guy Verhofstadt, Prime Minister"],
        ),
        (
            "membership",
            "world bank",
            ["World Bank in GMG"],
        ),
    ],
)
def test_changelist_search_lists_only_the_matches(
    secretariat_client, registry, model, query, expected
):
    response = secretariat_client.get(reverse(f"admin:registry_{model}_changelist"), {"q": query})

    assert sorted(_changelist_names(response)) == expected


def test_focal_point_and_user_search_by_email(secretariat_client, delegate_a, delegate_b):
    focal_points = secretariat_client.get(
        reverse("admin:registry_focalpoint_changelist"), {"q": "a@example"}
    )
    users = secretariat_client.get(reverse("admin:registry_user_changelist"), {"q": "b@example"})

    assert _changelist_names(focal_points) == ["a@example.org for State A"]
    assert _changelist_names(users) == ["b@example.org"]


# --- Change form, inlines and history --------------------------------------------------------


def test_stakeholder_change_page_shows_membership_appointment_and_focal_point_inlines(
    secretariat_client, state_a, delegate_a
):
    membership = MembershipFactory(stakeholder=state_a)
    appointment = AppointmentFactory(stakeholder=state_a, post="Permanent Representative")

    response = secretariat_client.get(
        reverse("admin:registry_stakeholder_change", args=[state_a.pk])
    )

    inlines = {
        formset.opts.model._meta.model_name: [form.instance for form in formset.formset.forms]
        for formset in response.context["inline_admin_formsets"]
    }
    assert inlines == {
        "membership": [membership],
        "appointment": [appointment],
        "focalpoint": [delegate_a.focal_points.get()],
    }
    text = _text(response)
    assert "Memberships" in text
    assert "Appointments" in text
    assert "Focal points" in text


def _inline_management(prefix: str, total: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(total),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_history_page_lists_a_change_made_in_the_admin(secretariat_client, secretariat_user):
    group = RegionalGroupFactory(code="WEOG")
    state = MemberStateFactory(name="Old Name", slug="old-name", iso3="OLD", regional_group=group)
    data = {
        "name_en": "New Name",
        "short_name_en": "",
        "slug": "old-name",
        "kind": StakeholderKind.MEMBER_STATE,
        "un_entity_type": "",
        "parent": "",
        "iso3": "OLD",
        "admission_date": "1945-10-24",
        "regional_group": str(group.pk),
        "established": "",
        "dissolved": "",
        "website": "",
        "description": "",
        **_inline_management("memberships"),
        **_inline_management("appointments"),
        **_inline_management("focal_points"),
    }

    saved = secretariat_client.post(
        reverse("admin:registry_stakeholder_change", args=[state.pk]), data
    )
    history = secretariat_client.get(reverse("admin:registry_stakeholder_history", args=[state.pk]))

    assert saved.status_code == 302, saved.context["adminform"].form.errors
    state.refresh_from_db()
    assert state.name == "New Name"
    records = [
        (
            r.history_type,
            r.history_user,
            [(c["field"], c["old"], c["new"]) for c in getattr(r, "history_delta_changes", [])],
        )
        for r in history.context["page_obj"]
    ]
    assert records == [
        ("~", secretariat_user, [("Name", "Old Name", "New Name")]),
        ("+", None, []),
    ]
    assert "secretariat@example.org" in _text(history)
    assert re.search(
        r"<strong>Name:</strong>\s*Old Name\s*&nbsp;&rarr;&nbsp;&nbsp;New Name",
        history.content.decode(),
    )


# --- Import ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad_row", "field", "message"),
    [
        (
            {**NEW_STATE, "slug": "lowerland", "name": "Lowerland", "iso3": "low"},
            "iso3",
            "Three capital letters, e.g. BEL.",
        ),
        (
            {
                **NEW_STATE,
                "slug": "undated",
                "name": "Undated",
                "iso3": "UND",
                "admission_date": "",
            },
            None,
            "A Member State needs its UN admission date and its regional group.",
        ),
    ],
    ids=["lower-case-iso3", "no-admission-date"],
)
def test_import_preview_shows_the_invalid_row_and_saves_nothing(
    secretariat_client, registry, bad_row, field, message
):
    count_before = Stakeholder.objects.count()

    response = secretariat_client.post(
        reverse("admin:registry_stakeholder_import"),
        {
            "resource": "0",
            "format": CSV_FORMAT,
            "import_file": _csv_file([NEW_STATE, bad_row]),
        },
    )

    assert response.status_code == 200
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [2]
    (invalid,) = result.invalid_rows
    if field:
        assert invalid.field_specific_errors == {field: [message]}
    else:
        assert invalid.non_field_specific_errors == [message]
    assert "confirm_form" not in response.context
    assert message in _text(response)
    assert Stakeholder.objects.count() == count_before
    assert not Stakeholder.objects.filter(slug__in=["freedonia", bad_row["slug"]]).exists()


def test_import_of_a_valid_file_saves_the_row_after_confirmation(
    secretariat_client, registry, secretariat_user
):
    preview = secretariat_client.post(
        reverse("admin:registry_stakeholder_import"),
        {"resource": "0", "format": CSV_FORMAT, "import_file": _csv_file([NEW_STATE])},
    )

    assert preview.context["result"].has_validation_errors() is False
    assert [row.import_type for row in preview.context["result"].rows] == ["new"]
    assert not Stakeholder.objects.filter(slug="freedonia").exists()  # the preview is a dry run

    confirm = preview.context["confirm_form"]
    confirmed = secretariat_client.post(
        reverse("admin:registry_stakeholder_process_import"),
        {name: confirm.initial.get(name, "") for name in confirm.fields},
    )

    assert confirmed.status_code == 302
    assert confirmed.url == reverse("admin:registry_stakeholder_changelist")
    freedonia = Stakeholder.objects.get(slug="freedonia")
    assert (
        freedonia.name,
        freedonia.kind,
        freedonia.iso3,
        str(freedonia.admission_date),
        freedonia.regional_group.code,
        freedonia.short_name,
    ) == ("Freedonia", "member_state", "FRD", "2006-06-28", "WEOG", "")
    assert freedonia.history.get().history_user == secretariat_user


def test_import_of_an_unchanged_row_is_skipped(secretariat_client, registry):
    belgium = Stakeholder.objects.get(iso3="BEL")
    row = {
        "slug": belgium.slug,
        "kind": belgium.kind,
        "name": belgium.name,
        "short_name": belgium.short_name,
        "iso3": "BEL",
        "admission_date": "1945-12-27",
        "regional_group": "WEOG",
        "website": belgium.website,
        "description": belgium.description,
    }

    preview = secretariat_client.post(
        reverse("admin:registry_stakeholder_import"),
        {"resource": "0", "format": CSV_FORMAT, "import_file": _csv_file([row])},
    )

    assert [r.import_type for r in preview.context["result"].rows] == ["skip"]


# --- Export ----------------------------------------------------------------------------------


def _export(client, file_format: str, query: dict | None = None):
    url = reverse("admin:registry_stakeholder_export")
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    form = client.get(url).context["form"]
    selected = {name: "on" for name in form.fields if name.startswith("stakeholderresource_")}
    return client.post(url, {"resource": "0", "format": file_format, **selected})


def test_export_csv_contains_belgium_with_its_codes(secretariat_client, registry):
    response = _export(secretariat_client, CSV_FORMAT)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert list(rows[0].keys()) == COLUMNS
    assert len(rows) == Stakeholder.objects.count()
    belgium = next(row for row in rows if row["iso3"] == "BEL")
    assert (
        belgium["name"],
        belgium["kind"],
        belgium["admission_date"],
        belgium["regional_group"],
    ) == ("Belgium", "member_state", "1945-12-27", "WEOG")


def test_export_xlsx_contains_belgium(secretariat_client, registry):
    response = _export(secretariat_client, XLSX_FORMAT)

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    names = {row[COLUMNS.index("iso3")]: row[COLUMNS.index("name")] for row in rows[1:]}
    assert names["BEL"] == "Belgium"
    assert len(rows) - 1 == Stakeholder.objects.count()


def test_export_follows_the_changelist_search(secretariat_client, registry):
    response = _export(secretariat_client, CSV_FORMAT, {"q": "belg"})

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert [row["name"] for row in rows] == ["Belgium"]


# --- Who may enter ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/", "/admin/registry/stakeholder/"])
def test_delegate_is_sent_to_the_admin_login(client, delegate_a, path):
    client.force_login(delegate_a)

    response = client.get(path)

    assert response.status_code == 302
    assert response.url == f"/admin/login/?next={path}"


def test_delegate_cannot_open_the_stakeholder_import(client, delegate_a):
    client.force_login(delegate_a)

    response = client.get(reverse("admin:registry_stakeholder_import"))

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


@pytest.fixture
def staff_without_registry_permissions(client, registry):
    # Staff sign in with a second factor (registry/otp.py): an enrolled account.
    client.force_login(TOTPDeviceFactory(user__is_staff=True).user)
    return client


def test_staff_without_registry_permissions_cannot_open_the_changelist(
    staff_without_registry_permissions,
):
    response = staff_without_registry_permissions.get(
        reverse("admin:registry_stakeholder_changelist")
    )

    assert response.status_code == 403


def test_staff_without_registry_permissions_cannot_import_stakeholders(
    staff_without_registry_permissions,
):
    response = staff_without_registry_permissions.post(
        reverse("admin:registry_stakeholder_import"),
        {"resource": "0", "format": CSV_FORMAT, "import_file": _csv_file([NEW_STATE])},
    )

    assert response.status_code == 403
    assert not Stakeholder.objects.filter(slug="freedonia").exists()


def test_staff_without_registry_permissions_cannot_export_stakeholders(
    staff_without_registry_permissions,
):
    response = staff_without_registry_permissions.post(
        reverse("admin:registry_stakeholder_export"),
        {"resource": "0", "format": CSV_FORMAT, "stakeholderresource_name": "on"},
    )

    assert response.status_code == 403
