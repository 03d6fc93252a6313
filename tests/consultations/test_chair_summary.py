"""The Chair's summary as a document (consultations/services/chair_summary.py and its pages).

``world``: a Dialogue with a plenary and a round table co-chaired by two States, three Member
States that made public statements, and the issue of the Forum which two of them oppose. A
draft cites the figures; recording a position moves them until the summary is finalised, then
they stay as they were, on the pages and in the PDF.
"""

import datetime
import io
import re
from types import SimpleNamespace

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from consultations.chair_summary_text import Reference
from consultations.choices import (
    ChairRole,
    ChairSummarySectionKind,
    ChairSummaryState,
    Stance,
)
from consultations.models import ChairSummary, ChairSummarySection, MeetingChair, Statement
from consultations.selectors.chair_figures import FIGURES, figure_values
from consultations.selectors.chair_summary import chair_summary_versions
from consultations.services.chair_summary import (
    AlreadyFinal,
    UnknownReferences,
    chair_summary_create,
    chair_summary_finalise,
    chair_summary_section_save,
)
from consultations.services.positions import position_record
from tests.factories import (
    IssueFactory,
    MeetingFactory,
    MemberStateFactory,
    PositionFactory,
    ProcessFactory,
    RoundTableFactory,
    StatementFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

UTC = datetime.UTC
DRAFTED = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
FINALISED = datetime.datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
LATER = datetime.datetime(2027, 1, 20, 10, 0, tzinfo=UTC)
SYMBOL = "A/61/187"
TEXT = (
    "Representatives of {{ figure:member_states_spoke }} Member States made statements.\n\n"
    "{{ figure:issue_supportive }} of them supported a Global Forum "
    "({{ figure:issue_supportive_words:forum }})."
)


@pytest.fixture
def world(db):
    process = ProcessFactory(slug="hld", title="High-level Dialogue", is_current=True)
    plenary = MeetingFactory(process=process, title="Plenary 1")
    table = RoundTableFactory(process=process, number=1, title="Round table 1")
    states = [MemberStateFactory(name=f"State {c}", slug=f"state-{c}") for c in "ABC"]
    for order, state in enumerate(states[:2]):
        MeetingChair.objects.create(
            meeting=table, role=ChairRole.CO_CHAIR, stakeholder=state, order=order
        )
    statements = [
        StatementFactory(meeting=plenary, stakeholder=state, published=True) for state in states
    ]
    issue = IssueFactory(process=process, slug="forum", title="A Global Forum?")
    # B and C oppose: every State that spoke stated a position, so that a share reads the same
    # over those that spoke and over those that stated a position.
    for index in (1, 2):
        PositionFactory(
            issue=issue,
            stakeholder=states[index],
            stance=Stance.OPPOSES,
            statement=statements[index],
        )
    return SimpleNamespace(
        process=process, table=table, states=states, statements=statements, issue=issue
    )


def support(world, index: int, *, actor) -> None:
    position_record(
        actor=actor,
        issue=world.issue,
        stakeholder=world.states[index],
        stance=Stance.SUPPORTS,
        statement=world.statements[index],
    )


def draft(world, actor, text: str = TEXT) -> ChairSummary:
    summary = chair_summary_create(
        actor=actor, process=world.process, symbol=SYMBOL, title="Summary of the Dialogue"
    )
    opening = summary.sections.get(kind=ChairSummarySectionKind.OPENING)
    chair_summary_section_save(actor=actor, section=opening, values={"text": text})
    return summary


def paragraphs(response) -> list[str]:
    html = response.content.decode()
    found = re.findall(r'<p class="chair-summary-paragraph"[^>]*>(.*?)</p>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", p).split()) for p in found]


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_draft_starts_with_an_outline_of_the_round_tables(world, secretariat_user):
    summary = chair_summary_create(
        actor=secretariat_user, process=world.process, symbol=SYMBOL, title="Summary"
    )
    sections = list(summary.sections.order_by("order"))
    assert [(s.kind, s.heading, s.meeting) for s in sections] == [
        (ChairSummarySectionKind.OPENING, "Opening of the Dialogue", None),
        (ChairSummarySectionKind.ROUND_TABLE, "Summary of Round table 1", world.table),
        (ChairSummarySectionKind.FORUM, "Views on the Forum", None),
        (ChairSummarySectionKind.FOLLOW_UP, "Follow-up", None),
    ]
    assert sections[1].presenters == "State A; State B"
    assert sections[1].get_presented_by_display() == "The co-chairs"
    assert (summary.state, summary.language) == (ChairSummaryState.DRAFT, "en")


def test_figure_moves_until_final_then_stays_on_the_pages_and_in_the_pdf(
    world, secretariat_user, secretariat_client, client
):
    with time_machine.travel(DRAFTED, tick=False):
        summary = draft(world, secretariat_user)
        preview_url = reverse("secretariat:chair-summary-preview", args=[summary.pk])
        assert paragraphs(secretariat_client.get(preview_url))[:2] == [
            "1. Representatives of 3 Member States made statements.",
            "2. 0 of them supported a Global Forum (none).",
        ]
        support(world, 0, actor=secretariat_user)
        assert paragraphs(secretariat_client.get(preview_url))[1] == (
            "2. 1 of them supported a Global Forum (about a third)."
        )
        draft_pdf = pdf_text(
            secretariat_client.get(
                reverse("secretariat:chair-summary-pdf", args=[summary.pk])
            ).content
        )
        assert "DRAFT" in draft_pdf
        assert "1 of them supported a Global Forum (about a third)." in draft_pdf

    with time_machine.travel(FINALISED, tick=False):
        confirm = secretariat_client.get(
            reverse("secretariat:chair-summary-finalise", args=[summary.pk])
        )
        assert "Finalising freezes every figure" in confirm.content.decode()
        response = secretariat_client.post(
            reverse("secretariat:chair-summary-finalise", args=[summary.pk])
        )
        assert response.status_code == 302

    summary.refresh_from_db()
    assert summary.state == ChairSummaryState.FINAL
    assert summary.finalised_at == FINALISED
    assert summary.finalised_by == secretariat_user
    assert summary.frozen_figures == {
        "figure:member_states_spoke": {"value": 3, "text": "3"},
        "figure:issue_supportive": {"value": 1, "text": "1"},
        "figure:issue_supportive_words:forum": {"value": 0.3333, "text": "about a third"},
    }

    with time_machine.travel(LATER, tick=False):
        support(world, 1, actor=secretariat_user)
        # The data moved: the live figure is 2 now ...
        live = figure_values(process=world.process, references=[Reference("issue_supportive")])
        assert live["figure:issue_supportive"].text == "2"
        # ... and the final document still says 1, with the date it was finalised.
        frozen = "2. 1 of them supported a Global Forum (about a third)."
        secretariat_client.force_login(secretariat_user)  # a new session, weeks later
        assert paragraphs(secretariat_client.get(preview_url))[1] == frozen
        public = client.get(reverse("p:chair_summary", args=["hld"]))
        assert paragraphs(public)[1] == frozen
        assert "1 December 2026" in public.content.decode()
        printed = client.get(reverse("p:chair_summary_print", args=["hld"]))
        assert paragraphs(printed)[1] == frozen
        assert 'href="/static/css/chair-summary-print.css"' in printed.content.decode()

        pdf = client.get(reverse("p:chair_summary_pdf", args=["hld"]))
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf["Content-Disposition"] == 'attachment; filename="A-61-187-en.pdf"'
        text = pdf_text(pdf.content)
        assert text.startswith(f"{SYMBOL} 1 December 2026 Summary of the Dialogue")
        assert "1. Representatives of 3 Member States made statements." in text
        assert "2. 1 of them supported a Global Forum (about a third)." in text
        assert "DRAFT" not in text


def test_unknown_figure_is_refused_with_its_name_on_the_section_page(
    world, secretariat_user, secretariat_client
):
    summary = draft(world, secretariat_user)
    section = summary.sections.get(kind=ChairSummarySectionKind.FORUM)
    url = reverse("secretariat:chair-summary-section", args=[section.pk])
    response = secretariat_client.post(
        url,
        {
            "order": section.order,
            "kind": section.kind,
            "heading": section.heading,
            "text": "{{ figure:states_that_clapped }} and {{ figure:issue_opposes:nope }} {{ x }}",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["text"] == [
        "Unknown figure “states_that_clapped”. The figures are: "
        + ", ".join(sorted(FIGURES))
        + ".",
        "This process has no issue “nope”.",
        "“{{ x }}” is not a figure reference: write {{ figure:NAME }} or {{ figure:NAME:ISSUE }}.",
    ]
    section.refresh_from_db()
    assert section.text == ""


def test_finalise_is_refused_while_a_reference_is_unknown(world, secretariat_user):
    summary = draft(world, secretariat_user)
    # Written past the checks (as an import might): finalising must still refuse it.
    ChairSummarySection.objects.filter(summary=summary, kind="forum").update(
        text="{{ figure:gone }}"
    )
    with pytest.raises(UnknownReferences) as refused:
        chair_summary_finalise(actor=secretariat_user, summary=summary)
    assert refused.value.messages == [
        "Unknown figure “gone”. The figures are: " + ", ".join(sorted(FIGURES)) + "."
    ]
    summary.refresh_from_db()
    assert (summary.state, summary.frozen_figures, summary.finalised_at) == ("draft", {}, None)


def test_a_final_summary_changes_no_more(world, secretariat_user, secretariat_client):
    summary = draft(world, secretariat_user)
    chair_summary_finalise(actor=secretariat_user, summary=summary, at=FINALISED)
    section = summary.sections.get(kind=ChairSummarySectionKind.OPENING)
    with pytest.raises(AlreadyFinal):
        chair_summary_section_save(
            actor=secretariat_user, section=section, values={"text": "Rewritten."}
        )
    with pytest.raises(AlreadyFinal):
        chair_summary_finalise(actor=secretariat_user, summary=summary)
    response = secretariat_client.post(
        reverse("secretariat:chair-summary-section", args=[section.pk]),
        {"order": 10, "kind": "opening", "heading": "Opening", "text": "Rewritten."},
    )
    assert response.status_code == 200
    assert "changes no more" in response.content.decode()
    section.refresh_from_db()
    assert section.text == TEXT


def test_versions_list_each_change_with_its_author_and_fields(
    world, secretariat_user, secretariat_client
):
    summary = draft(world, secretariat_user)
    section = summary.sections.get(kind=ChairSummarySectionKind.FOLLOW_UP)
    response = secretariat_client.post(
        reverse("secretariat:chair-summary-section", args=[section.pk]),
        {
            "order": section.order,
            "kind": section.kind,
            "heading": "Follow-up to the Dialogue",
            "text": "The Forum meets in Brussels.",
        },
    )
    assert response.status_code == 302
    page = secretariat_client.get(reverse("secretariat:chair-summary-versions", args=[summary.pk]))
    versions = page.context["versions"]
    latest = versions[0]
    assert (latest.user, latest.kind, latest.what) == (
        secretariat_user,
        "~",
        "Follow-up to the Dialogue",
    )
    assert sorted(latest.changes) == [
        ("heading", "Follow-up", "Follow-up to the Dialogue"),
        ("text", "", "The Forum meets in Brussels."),
    ]
    assert {v.user for v in versions} == {secretariat_user}
    # The summary and its four sections created, the opening and the follow-up changed.
    assert sorted(v.kind for v in versions) == ["+", "+", "+", "+", "+", "~", "~"]
    html = page.content.decode()
    assert html.count(f'<td class="version-author">{secretariat_user}</td>') == 7


def test_staff_pages_refuse_delegates_and_anonymous(world, secretariat_user, delegate_a, client):
    summary = draft(world, secretariat_user)
    section = summary.sections.first()
    urls = [
        reverse("secretariat:chair-summary"),
        reverse("secretariat:chair-summary-detail", args=[summary.pk]),
        reverse("secretariat:chair-summary-section", args=[section.pk]),
        reverse("secretariat:chair-summary-preview", args=[summary.pk]),
        reverse("secretariat:chair-summary-print", args=[summary.pk]),
        reverse("secretariat:chair-summary-pdf", args=[summary.pk]),
        reverse("secretariat:chair-summary-finalise", args=[summary.pk]),
        reverse("secretariat:chair-summary-versions", args=[summary.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [302] * len(urls)
    client.force_login(delegate_a)
    assert [client.get(url).status_code for url in urls] == [403] * len(urls)
    assert client.post(urls[6]).status_code == 403
    summary.refresh_from_db()
    assert summary.state == ChairSummaryState.DRAFT


def test_public_page_only_once_final(world, secretariat_user, client):
    public = [
        reverse("p:chair_summary", args=["hld"]),
        reverse("p:chair_summary_print", args=["hld"]),
        reverse("p:chair_summary_pdf", args=["hld"]),
        reverse("chair_summary"),
    ]
    summary = draft(world, secretariat_user)
    assert [client.get(url).status_code for url in public] == [404] * 4
    figures = client.get(reverse("p:summary", args=["hld"])).content.decode()
    assert 'id="chair-summary-link"' not in figures

    chair_summary_finalise(actor=secretariat_user, summary=summary, at=FINALISED)
    assert [client.get(url).status_code for url in public] == [200] * 4
    figures = client.get(reverse("p:summary", args=["hld"])).content.decode()
    assert 'id="chair-summary-link" href="/p/hld/chair-summary/"' in figures


def test_delegate_may_not_finalise(world, secretariat_user, delegate_a):
    from django.core.exceptions import PermissionDenied

    summary = draft(world, secretariat_user)
    with pytest.raises(PermissionDenied):
        chair_summary_finalise(actor=delegate_a, summary=summary)


def test_create_and_add_a_section_from_the_pages(world, secretariat_client):
    response = secretariat_client.post(
        reverse("secretariat:chair-summary-create"),
        {"process": "hld", "symbol": SYMBOL, "title": "Summary", "language": "en"},
    )
    summary = ChairSummary.objects.get(process=world.process)
    assert response["Location"] == reverse("secretariat:chair-summary-detail", args=[summary.pk])
    assert summary.sections.count() == 0  # "outline" unticked
    response = secretariat_client.post(
        reverse("secretariat:chair-summary-section-add", args=[summary.pk]),
        {
            "order": 10,
            "kind": "opening",
            "heading": "Opening",
            "text": "{{ figure:participants_spoke }} participants.",
        },
    )
    assert response.status_code == 302
    preview = secretariat_client.get(
        reverse("secretariat:chair-summary-preview", args=[summary.pk])
    )
    assert paragraphs(preview) == ["1. 3 participants."]
    again = secretariat_client.post(
        reverse("secretariat:chair-summary-create"),
        {"process": "hld", "symbol": "A/61/999", "title": "Again", "language": "en"},
    )
    assert again.status_code == 302
    assert ChairSummary.objects.filter(process=world.process).count() == 1


def _add_sections(summary, actor, count: int) -> None:
    for n in range(count):
        chair_summary_section_save(
            actor=actor,
            section=ChairSummarySection(summary=summary),
            values={
                "order": 100 + n,
                "heading": f"Extra {n}",
                "text": "{{ figure:issue_opposes }} opposed.\n\nAnother paragraph.",
            },
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert "Extra 0" in response.content.decode()  # rendered from the rows, not a cached copy
    return len(captured)


@pytest.mark.parametrize(
    "url_name", ["secretariat:chair-summary-preview", "secretariat:chair-summary-versions"]
)
def test_staff_pages_read_a_fixed_number_of_rows_whatever_the_sections(
    world, secretariat_user, secretariat_client, url_name
):
    summary = draft(world, secretariat_user)
    url = reverse(url_name, args=[summary.pk])
    _add_sections(summary, secretariat_user, 1)
    small = _queries(secretariat_client, url)
    _add_sections(summary, secretariat_user, 6)
    assert _queries(secretariat_client, url) == small


def test_public_page_reads_a_fixed_number_of_rows_whatever_the_sections(
    world, secretariat_user, client
):
    small = draft(world, secretariat_user)
    _add_sections(small, secretariat_user, 1)
    chair_summary_finalise(actor=secretariat_user, summary=small, at=FINALISED)
    url = reverse("p:chair_summary", args=["hld"])
    before = _queries(client, url)
    ChairSummary.objects.filter(pk=small.pk).update(state="draft")
    _add_sections(small, secretariat_user, 6)
    ChairSummary.objects.filter(pk=small.pk).update(state="final")
    assert _queries(client, url) == before


def test_a_section_is_removed_from_a_draft_and_its_versions_stay(
    world, secretariat_user, secretariat_client
):
    summary = draft(world, secretariat_user)
    forum = summary.sections.get(kind=ChairSummarySectionKind.FORUM)
    page = secretariat_client.get(reverse("secretariat:chair-summary-section", args=[forum.pk]))
    delete_url = reverse("secretariat:chair-summary-section-delete", args=[forum.pk])
    assert f'action="{delete_url}"' in page.content.decode()
    response = secretariat_client.post(delete_url)
    assert response["Location"] == reverse("secretariat:chair-summary-detail", args=[summary.pk])
    assert list(summary.sections.order_by("order").values_list("kind", flat=True)) == [
        "opening",
        "round_table",
        "follow_up",
    ]
    versions = chair_summary_versions(summary=summary)
    assert (versions[0].kind, versions[0].what, versions[0].user) == (
        "-",
        "Views on the Forum",
        secretariat_user,
    )


def test_a_section_order_beyond_the_column_is_an_error_not_a_crash(
    world, secretariat_user, secretariat_client
):
    summary = draft(world, secretariat_user)
    section = summary.sections.get(kind=ChairSummarySectionKind.FORUM)
    response = secretariat_client.post(
        reverse("secretariat:chair-summary-section", args=[section.pk]),
        {"order": 40000, "kind": "forum", "heading": "Forum", "text": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["order"] == [
        "Ensure this value is less than or equal to 32767."
    ]


def test_pages_of_a_summary_drawn_from_illustrative_rows_say_so(
    world, secretariat_user, secretariat_client, client
):
    summary = draft(world, secretariat_user)
    chair_summary_finalise(actor=secretariat_user, summary=summary, at=FINALISED)
    public = reverse("p:chair_summary", args=["hld"])
    printed = reverse("p:chair_summary_print", args=["hld"])
    preview = reverse("secretariat:chair-summary-preview", args=[summary.pk])
    pdf = reverse("p:chair_summary_pdf", args=["hld"])
    pages = [(client, public), (client, printed), (secretariat_client, preview)]
    assert ["Illustrative data" in c.get(url).content.decode() for c, url in pages] == [False] * 3
    assert "Illustrative data" not in pdf_text(client.get(pdf).content)

    Statement.objects.filter(pk=world.statements[0].pk).update(is_illustrative=True)
    for reader, url in pages:
        page = reader.get(url).content.decode()
        assert "<strong>Illustrative data:</strong>" in page, url
        assert "1 statement" in page, url
    assert "Illustrative data: " in pdf_text(client.get(pdf).content)
