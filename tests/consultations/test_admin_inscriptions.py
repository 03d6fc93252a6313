"""The inscription admin goes through ``inscription_create``; places, status and times are the
speakers-list pages' (consultations/admin/speakers.py)."""

import pytest
from django.urls import reverse

from consultations.choices import InscriptionStatus
from consultations.models import Inscription
from registry.choices import ProtocolRank
from tests.factories import InscriptionFactory, SpeakersListFactory

pytestmark = pytest.mark.django_db


def places(speakers_list) -> list[tuple[int, str]]:
    return [
        (i.position, i.stakeholder.name)
        for i in Inscription.objects.filter(speakers_list=speakers_list).order_by("position")
    ]


def test_an_inscription_added_in_the_admin_takes_its_protocol_place(
    secretariat_client, secretariat_user, state_a, state_b
):
    speakers_list = SpeakersListFactory()
    InscriptionFactory(
        speakers_list=speakers_list,
        stakeholder=state_b,
        position=1,
        level=ProtocolRank.HEAD_OF_DELEGATION,
    )

    response = secretariat_client.post(
        reverse("admin:consultations_inscription_add"),
        {
            "speakers_list": speakers_list.pk,
            "stakeholder": state_a.pk,
            "speaker": "",
            "speaker_post": "",
            "level": ProtocolRank.HEAD_OF_STATE,
            "_save": "Save",
        },
    )

    added = Inscription.objects.get(stakeholder=state_a)
    assert response.status_code == 302
    assert places(speakers_list) == [(1, "State A"), (2, "State B")]
    assert (added.status, added.inscribed_by) == (InscriptionStatus.INSCRIBED, secretariat_user)


def test_a_second_inscription_of_a_state_is_refused_in_the_admin(secretariat_client, state_a):
    speakers_list = SpeakersListFactory()
    InscriptionFactory(speakers_list=speakers_list, stakeholder=state_a, position=1)

    response = secretariat_client.post(
        reverse("admin:consultations_inscription_add"),
        {
            "speakers_list": speakers_list.pk,
            "stakeholder": state_a.pk,
            "speaker": "",
            "speaker_post": "",
            "level": ProtocolRank.MINISTER,
            "_save": "Save",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "State A is already on this speakers list."
    ]
    assert places(speakers_list) == [(1, "State A")]


def test_an_inscriptions_place_and_status_cannot_be_changed_in_the_admin(
    secretariat_client, state_a, state_b
):
    speakers_list = SpeakersListFactory()
    first = InscriptionFactory(speakers_list=speakers_list, stakeholder=state_a, position=1)
    InscriptionFactory(speakers_list=speakers_list, stakeholder=state_b, position=2)

    response = secretariat_client.post(
        reverse("admin:consultations_inscription_change", args=[first.pk]),
        {
            "speaker": "",
            "speaker_post": "Permanent Representative",
            "position": 2,
            "status": InscriptionStatus.WITHDRAWN,
            "_save": "Save",
        },
    )

    first.refresh_from_db()
    assert response.status_code == 302
    assert (first.position, first.status, first.speaker_post) == (
        1,
        InscriptionStatus.INSCRIBED,
        "Permanent Representative",
    )
    assert places(speakers_list) == [(1, "State A"), (2, "State B")]


def test_inscriptions_cannot_be_deleted_in_the_admin(secretariat_client, state_a):
    inscription = InscriptionFactory(stakeholder=state_a, position=1)

    response = secretariat_client.post(
        reverse("admin:consultations_inscription_delete", args=[inscription.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Inscription.objects.filter(pk=inscription.pk).exists()
