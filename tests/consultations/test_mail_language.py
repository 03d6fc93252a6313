"""Each person's language (issue 14 item 6): the preferred language set on the portal, and the
notices rendered in the recipient's language, not the one of whoever triggered them."""

import pytest
from django.urls import reverse
from django.utils import translation

from consultations.services.mail import mail_in_languages_on_commit
from consultations.services.statements import statement_return, statements_publish_bulk
from tests.consultations.statements_helpers import submitted, utc
from tests.factories import FocalPointFactory

pytestmark = pytest.mark.django_db


@pytest.mark.clock
def test_a_french_delegates_notice_triggered_by_an_english_speaking_secretariat_is_in_french(
    delegate_a, secretariat_user, state_a, meeting, mailoutbox, django_capture_on_commit_callbacks
):
    FocalPointFactory(stakeholder=state_a, user__email="fr@example.org", user__language="fr")
    statement = submitted(delegate_a, state_a, meeting, embargo_until=utc(2006, 9, 14, 14, 30))

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        statements_publish_bulk(actor=secretariat_user, ids=[statement.pk], at=utc(2006, 9, 14, 12))

    mails = {tuple(m.to): m for m in mailoutbox}
    french = mails[("fr@example.org",)]
    english = mails[("a@example.org",)]
    assert french.subject == "Déclaration publiée\u00a0: Statement of State A"
    assert french.body.split("\n\n")[0] == (
        "Le Secrétariat a publié la déclaration ci-dessous. Seul le texte prononcé fait foi\u00a0: "
        "elle est visible du public à partir du 14 septembre 2006 à 10:30 (EDT)."
    )
    assert french.body.split("\n\n")[2] == (
        f"Consultez-la dans le portail des délégués\u00a0: /delegate/statements/{statement.pk}/"
    )
    assert english.subject == "Statement published: Statement of State A"
    assert translation.get_language() == "en"


def test_a_notice_goes_once_per_language_to_its_recipients(
    delegate_a, secretariat_user, state_a, meeting, mailoutbox, django_capture_on_commit_callbacks
):
    for email, language in [("ru@example.org", "ru"), ("fr@example.org", "fr")]:
        FocalPointFactory(stakeholder=state_a, user__email=email, user__language=language)
    FocalPointFactory(stakeholder=state_a, user__email="fr2@example.org", user__language="fr")
    statement = submitted(delegate_a, state_a, meeting)

    with translation.override("ar"), django_capture_on_commit_callbacks(execute=True):
        statement_return(actor=secretariat_user, statement=statement, reason="Ajouter l'orateur.")

    assert sorted((tuple(m.to), m.subject) for m in mailoutbox) == [
        (("a@example.org",), "Statement returned for correction: Statement of State A"),
        (
            ("fr2@example.org", "fr@example.org"),
            "Déclaration renvoyée pour correction\u00a0: Statement of State A",
        ),
        (("ru@example.org",), "Заявление возвращено на доработку: Statement of State A"),
    ]


def test_a_recipient_without_a_language_reads_english(
    mailoutbox, django_capture_on_commit_callbacks
):
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        mail_in_languages_on_commit(
            render=lambda: (translation.get_language(), "body"),
            recipients=[("x@example.org", ""), ("y@example.org", "ar")],
        )

    assert sorted((m.to, m.subject) for m in mailoutbox) == [
        (["x@example.org"], "en"),
        (["y@example.org"], "ar"),
    ]


def test_the_settings_page_offers_the_page_language_first_then_keeps_the_choice(client, delegate_a):
    client.force_login(delegate_a)

    offered = client.get(reverse("delegate:settings"), HTTP_ACCEPT_LANGUAGE="es")
    saved = client.post(
        reverse("delegate:settings"), {"language": "ru", "time_zone": ""}, follow=True
    )
    delegate_a.refresh_from_db()

    assert offered.context["form"]["language"].value() == "es"
    assert delegate_a.language == "ru"
    assert delegate_a.mail_language == "ru"
    assert client.cookies["django_language"].value == "ru"
    assert [str(m) for m in saved.context["messages"]] == ["Ваши настройки сохранены."]
    assert client.get(reverse("delegate:settings")).context["form"]["language"].value() == "ru"


def test_a_user_who_never_chose_reads_english_mail(delegate_a):
    assert (delegate_a.language, delegate_a.mail_language) == ("", "en")
