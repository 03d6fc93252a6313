"""Delegations' services and their pages on small data: members, the head, what is refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import ProtectedError
from django.db.models.signals import pre_delete
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.delegations_import import (
    ImportFileError,
    ImportRow,
    import_rows_check,
    import_rows_read,
)
from consultations.models import Delegation, DelegationMember
from consultations.services import delegations as services
from registry.choices import ProtocolRank
from tests.factories import (
    DelegationFactory,
    FocalPointFactory,
    MemberStateFactory,
    PersonFactory,
    ProcessFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def delegation(state_a):
    return DelegationFactory(process=ProcessFactory(slug="forum"), stakeholder=state_a)


@pytest.fixture
def minister(db):
    return PersonFactory(honorific="H.E.", given_name="Ana", family_name="Aaa", slug="ana-aaa")


@pytest.fixture
def adviser(db):
    return PersonFactory(given_name="Bo", family_name="Bbb", slug="bo-bbb")


def test_member_add_then_head_set_gives_the_delegation_its_head_and_level(
    secretariat_user, delegation, minister
):
    member = services.delegation_member_add(
        actor=secretariat_user,
        delegation=delegation,
        person=minister,
        post="Minister for Foreign Affairs",
        rank=ProtocolRank.MINISTER,
    )

    services.delegation_head_set(actor=secretariat_user, member=member)

    delegation.refresh_from_db()
    assert (delegation.head, delegation.head_post, delegation.level) == (
        minister,
        "Minister for Foreign Affairs",
        ProtocolRank.MINISTER,
    )
    assert [(h.history_type, h.history_user, h.history_change_reason) for h in
            delegation.history.order_by("history_id")] == [
        ("+", None, None),
        ("~", secretariat_user, "Member added: ana-aaa"),
        ("~", secretariat_user, "Head of delegation: ana-aaa"),
    ]  # fmt: skip


def test_a_head_of_rank_other_leads_at_the_head_of_delegation_level(
    secretariat_user, delegation, adviser
):
    member = services.delegation_member_add(
        actor=secretariat_user, delegation=delegation, person=adviser
    )

    services.delegation_head_set(actor=secretariat_user, member=member)

    delegation.refresh_from_db()
    assert delegation.level == ProtocolRank.HEAD_OF_DELEGATION


def test_a_person_is_a_member_once(secretariat_user, delegation, minister):
    services.delegation_member_add(actor=secretariat_user, delegation=delegation, person=minister)

    with pytest.raises(services.DelegationError) as refused:
        services.delegation_member_add(
            actor=secretariat_user, delegation=delegation, person=minister
        )

    assert str(refused.value) == "H.E. Ana Aaa is already a member of this delegation."
    assert delegation.members.count() == 1


def test_the_head_is_not_removed_before_another_is_named(secretariat_user, delegation, minister):
    member = services.delegation_member_add(
        actor=secretariat_user, delegation=delegation, person=minister
    )
    services.delegation_head_set(actor=secretariat_user, member=member)

    with pytest.raises(services.DelegationError) as refused:
        services.delegation_member_remove(actor=secretariat_user, member=member)

    assert str(refused.value) == (
        "H.E. Ana Aaa heads the delegation: name another head before removing them."
    )
    assert list(delegation.members.all()) == [member]


def test_a_member_still_referred_to_is_refused_with_a_message_not_an_error(
    secretariat_client, secretariat_user, delegation, adviser
):
    """A protected reference (as a speaker's inscription would hold) refuses the removal."""
    member = services.delegation_member_add(
        actor=secretariat_user, delegation=delegation, person=adviser
    )

    def protect(sender, instance, **kwargs):
        raise ProtectedError("referred to", {delegation})

    pre_delete.connect(protect, sender=DelegationMember, dispatch_uid="test-protect")
    try:
        response = secretariat_client.post(
            reverse("secretariat:delegation-member-remove", args=[delegation.pk]),
            {"member": member.pk},
            follow=True,
        )
    finally:
        pre_delete.disconnect(sender=DelegationMember, dispatch_uid="test-protect")

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Bo Bbb cannot be removed: still referred to by delegation."
    ]
    assert list(delegation.members.all()) == [member]


def test_the_delegation_page_adds_makes_head_and_removes(
    secretariat_client, delegation, minister, adviser
):
    page = reverse("secretariat:delegation", args=[delegation.pk])
    add = reverse("secretariat:delegation-member-add", args=[delegation.pk])

    secretariat_client.post(add, {"person": minister.pk, "post": "Minister", "rank": "4"})
    secretariat_client.post(add, {"person": adviser.pk, "post": "Adviser", "rank": "7"})
    minister_member = delegation.members.get(person=minister)
    secretariat_client.post(
        reverse("secretariat:delegation-head", args=[delegation.pk]),
        {"member": minister_member.pk},
    )
    response = secretariat_client.post(
        reverse("secretariat:delegation-member-remove", args=[delegation.pk]),
        {"member": delegation.members.get(person=adviser).pk},
        follow=True,
    )

    assert response.redirect_chain == [(page, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "H.E. Ana Aaa is a member of the delegation.",
        "Bo Bbb is a member of the delegation.",
        "H.E. Ana Aaa heads the delegation.",
        "Bo Bbb is no longer a member of the delegation.",
    ]
    assert [(m.person.slug, m.post, m.rank) for m, _h, _r in response.context["rows"]] == [
        ("ana-aaa", "Minister", 4)
    ]
    delegation.refresh_from_db()
    assert (delegation.head, delegation.head_post, delegation.level) == (minister, "Minister", 4)


def test_a_member_of_another_delegation_answers_404(secretariat_client, delegation, state_b):
    other = DelegationFactory(process=delegation.process, stakeholder=state_b)
    member = DelegationMember.objects.create(delegation=other, person=PersonFactory())

    response = secretariat_client.post(
        reverse("secretariat:delegation-member-remove", args=[delegation.pk]),
        {"member": member.pk},
    )

    assert response.status_code == 302
    assert DelegationMember.objects.filter(pk=member.pk).exists()


def test_a_delegate_may_not_register_delegations(delegation, state_b):
    focal_point = FocalPointFactory(stakeholder=delegation.stakeholder)

    with pytest.raises(PermissionDenied):
        services.delegations_register(
            actor=focal_point.user, process=delegation.process, stakeholders=[state_b]
        )

    assert Delegation.objects.filter(stakeholder=state_b).count() == 0


def test_register_creates_the_new_and_reports_the_registered(
    secretariat_user, delegation, state_a, state_b
):
    report = services.delegations_register(
        actor=secretariat_user, process=delegation.process, stakeholders=[state_a, state_b]
    )

    assert (report.created, report.skipped) == ([state_b], [state_a])
    new = Delegation.objects.get(process=delegation.process, stakeholder=state_b)
    assert [(h.history_user, h.history_change_reason) for h in new.history.all()] == [
        (secretariat_user, "Registered in bulk")
    ]


def test_bulk_member_states_follow_the_admission_date(secretariat_user, delegation):
    MemberStateFactory(slug="late", admission_date=datetime.date(2006, 6, 28))

    before = services.delegations_register_bulk(
        actor=secretariat_user,
        process=delegation.process,
        scope="member_states",
        as_of=datetime.date(2006, 6, 27),
    )

    assert (before.created, [s.slug for s in before.skipped]) == ([], ["state-a"])


def rows_of(text: str) -> list[ImportRow]:
    return import_rows_read(name="list.csv", content=text.encode())


def test_every_bad_row_says_its_line_and_reason(delegation, minister):
    rows = rows_of(
        "Stakeholder,Person,Post,Rank,Head\n"
        "AAA,ana-aaa,Minister,minister,yes\n"
        "AAA,ana-aaa,Minister,minister,\n"
        "state-a,,,,yes\n"
        "AAA,,,,maybe\n"
        "AAA,,Adviser,chief,\n"
        "\n"
        ",ana-aaa,,,\n"
    )

    plan = import_rows_check(process=delegation.process, rows=rows)

    assert plan.errors == [
        "Line 3: H.E. Ana Aaa is already in this delegation on line 2.",
        "Line 4: a head of delegation row needs a person.",
        "Line 4: the delegation already has its head on line 2.",
        "Line 5: column “head” is “maybe”: write yes or leave it empty.",
        "Line 6: “chief” is not a protocol rank; use one of head_of_state, vice_president, "
        "head_of_government, minister, vice_minister, head_of_delegation, other.",
        "Line 6: a post or rank needs a person.",
        "Line 8: column “stakeholder” is empty.",
    ]
    assert plan.valid is False


def test_an_import_with_a_bad_row_saves_nothing(secretariat_user, delegation, minister):
    rows = rows_of("stakeholder,person,head\nAAA,ana-aaa,yes\nZZZ,,\n")

    with pytest.raises(services.DelegationImportError) as refused:
        services.delegations_import(actor=secretariat_user, process=delegation.process, rows=rows)

    assert str(refused.value) == "Rows with errors: 1; nothing is saved."
    assert refused.value.plan.errors == ["Line 3: no stakeholder with ISO code or slug “ZZZ”."]
    assert delegation.members.count() == 0
    assert Delegation.objects.count() == 1


def test_an_import_updates_a_members_post_and_keeps_the_others(
    secretariat_user, delegation, minister, adviser
):
    services.delegation_member_add(
        actor=secretariat_user, delegation=delegation, person=adviser, post="Adviser"
    )
    services.delegation_member_add(
        actor=secretariat_user, delegation=delegation, person=minister, post="Deputy"
    )
    rows = rows_of("stakeholder,person,post,rank\nAAA,ana-aaa,Minister,minister\n")

    report = services.delegations_import(
        actor=secretariat_user, process=delegation.process, rows=rows
    )

    assert (report.delegations_created, report.members_added, report.members_updated) == (0, 0, 1)
    assert sorted(delegation.members.values_list("person__slug", "post", "rank")) == [
        ("ana-aaa", "Minister", 4),
        ("bo-bbb", "Adviser", 7),
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("list.pdf", b"stakeholder\nAAA\n", "Choose a .csv or .xlsx file."),
        ("list.csv", b"stakeholder\n\xff\xfe\n", "The CSV file is not in UTF-8."),
        ("list.xlsx", b"not a workbook", "The file cannot be read as CSV or XLSX."),
        ("list.csv", b"stakeholder\n", "The file has no rows."),
        ("list.csv", b"", "Line 1: the header has no column stakeholder."),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(name, content, reason):
    with pytest.raises(ImportFileError) as refused:
        import_rows_read(name=name, content=content)

    assert str(refused.value) == reason


def _list_queries(client, process) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("secretariat:delegations"), {"process": process.slug})
    assert response.status_code == 200
    return len(captured)


def test_the_list_runs_as_many_queries_for_20_delegations_as_for_2(secretariat_client):
    small, large = ProcessFactory(slug="small"), ProcessFactory(slug="large")
    for process, size in ((small, 2), (large, 20)):
        for _ in range(size):
            delegation = DelegationFactory(process=process, head=PersonFactory())
            DelegationMember.objects.create(delegation=delegation, person=PersonFactory())
            DelegationMember.objects.create(delegation=delegation, person=PersonFactory())

    assert _list_queries(secretariat_client, small) == _list_queries(secretariat_client, large)


@pytest.mark.clock
def test_a_preview_older_than_an_hour_is_refused(
    secretariat_client, delegation, minister, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 9, 14, 10, 0, tzinfo=datetime.UTC), tick=False)
    preview = secretariat_client.post(
        f"{reverse('secretariat:delegations-import')}?process=forum",
        {"file": SimpleUploadedFile("list.csv", b"stakeholder,person\nAAA,ana-aaa\n")},
    )
    payload = preview.context["confirm_form"].initial["payload"]
    time_machine.move_to(datetime.datetime(2026, 9, 14, 11, 0, 1, tzinfo=datetime.UTC))

    response = secretariat_client.post(
        reverse("secretariat:delegations-import-confirm"),
        {"process": "forum", "payload": payload},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "The preview has expired or was altered; upload the file again."
    ]
    assert delegation.members.count() == 0


def test_the_registration_date_is_iso_in_every_language(secretariat_client, settings):
    ProcessFactory(slug="forum-fr", start_date=datetime.date(2006, 9, 14))
    secretariat_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = secretariat_client.get(reverse("secretariat:delegations"), {"process": "forum-fr"})

    assert response.context["register_form"]["as_of"].value() == datetime.date(2006, 9, 14)
    assert 'name="as_of" value="2006-09-14"' in response.content.decode()
