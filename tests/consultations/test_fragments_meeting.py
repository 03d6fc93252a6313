"""The meeting page's parts kept in the cache under a key of what they show
(consultations/fragments_meeting.py): each rendered once, and again only when something it
shows changes; the page reads its rows on every request all the same."""

import contextlib
import re
from collections import Counter

import pytest
from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext

from consultations.choices import ChairRole, InscriptionStatus, MeetingKind
from consultations.fragments import Fragment, fragments_render_many
from consultations.models import Floor, Inscription, MeetingChair, MeetingNote, Seat
from hlderp import public_cache
from registry.models import Stakeholder
from tests.factories import (
    DelegationFactory,
    InscriptionFactory,
    MeetingFactory,
    MemberStateFactory,
    PersonFactory,
    ProcessFactory,
    RoundTableFactory,
    SpeakersListFactory,
    StatementFactory,
)
from tests.servers import free_port
from tests.test_public_cache_outage import redis_cache

pytestmark = pytest.mark.django_db

HEAD = "consultations/programme/_meeting_head.html"
CHAIRS = "consultations/programme/_meeting_chairs.html"  # within the head
EXPECTED = "consultations/programme/_expected_delegations.html"
SEATS = "consultations/seats/_meeting_seats.html"
SPEAKERS = "consultations/speakers/_meeting_speakers.html"
FLOOR = "consultations/floor/_panel.html"
PARTS = (HEAD, CHAIRS, EXPECTED, SEATS, SPEAKERS, FLOOR)
ALL = {HEAD: 1, CHAIRS: 1, EXPECTED: 1, SPEAKERS: 1, FLOOR: 1}


@contextlib.contextmanager
def renders():
    """How many times each template is rendered within the block."""
    rendered = Counter()

    def note(sender, template, context, **kwargs):
        rendered[template.name] += 1

    template_rendered.connect(note)
    try:
        yield rendered
    finally:
        template_rendered.disconnect(note)


def page(client, url) -> tuple[str, Counter]:
    """The page, and how many times each part's template was rendered for it."""
    with renders() as rendered:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), Counter(
        {name: rendered[name] for name in PARTS if rendered[name]}
    )


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture(autouse=True)
def _page_cache_off(settings, time_machine):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every page rendered: the parts' own cache only
    time_machine.move_to("2006-09-01T12:00:00Z", tick=False)
    public_cache.cache.reset()
    yield
    public_cache.cache.reset()


@pytest.fixture
def process(db):
    return ProcessFactory(slug="busy", is_current=True, illustrative_note="")


@pytest.fixture
def plenary(process):
    """A plenary open to three delegations, with a chair and a speakers list of three."""
    meeting = MeetingFactory(process=process, slug="plenary", kind=MeetingKind.PLENARY)
    states = {
        name: MemberStateFactory(name=name, slug=name.lower())
        for name in ("Belgium", "Ghana", "Mexico")
    }
    for state in states.values():
        DelegationFactory(process=process, stakeholder=state)
    MeetingChair.objects.create(
        meeting=meeting,
        person=PersonFactory(honorific="H.E.", given_name="Jan", family_name="Eliasson"),
        stakeholder=MemberStateFactory(name="Sweden", slug="sweden"),
    )
    speakers_list = SpeakersListFactory(meeting=meeting, minutes_per_speaker=5)
    for position, name in enumerate(("Mexico", "Belgium"), start=1):
        InscriptionFactory(speakers_list=speakers_list, stakeholder=states[name], position=position)
    return meeting


@pytest.fixture
def round_table(db):
    process = ProcessFactory(slug="dialogue", illustrative_note="")
    meeting = RoundTableFactory(process=process, slug="round-table", number=1)
    for name in ("Austria", "Zambia"):
        delegation = DelegationFactory(
            process=process, stakeholder=MemberStateFactory(name=name, slug=name.lower())
        )
        Seat.objects.create(meeting=meeting, delegation=delegation, is_published=True)
    MeetingChair.objects.create(
        meeting=meeting,
        role=ChairRole.CO_CHAIR,
        stakeholder=MemberStateFactory(name="Ghana", slug="ghana-co-chair"),
    )
    return meeting


def test_each_part_is_rendered_once_then_taken_from_the_cache(client, plenary, round_table):
    first, rendered_first = page(client, "/meetings/plenary/")
    second, rendered_second = page(client, "/meetings/plenary/")
    table_first, table_rendered_first = page(client, "/meetings/round-table/")
    table_second, table_rendered_second = page(client, "/meetings/round-table/")

    assert rendered_first == ALL
    assert table_rendered_first == {HEAD: 1, CHAIRS: 1, SEATS: 1, SPEAKERS: 1}
    assert rendered_second == table_rendered_second == {}
    assert (second, table_second) == (first, table_first)
    assert "Chair: H.E. Jan Eliasson ( Sweden )" in text(second)
    assert "3 delegations expected" in text(second)
    assert "Belgium Ghana Mexico" in text(second)
    assert "1 Mexico Other head of delegation 10:00 2 Belgium" in text(second)
    assert "Austria" in text(table_second) and "Zambia" in text(table_second)


def test_a_renamed_stakeholder_renders_only_the_parts_that_show_it(client, plenary):
    page(client, "/meetings/plenary/")

    Stakeholder.objects.filter(slug="ghana").update(name_en="Ghana (renamed)")
    expected_only, rendered_expected = page(client, "/meetings/plenary/")
    Stakeholder.objects.filter(slug="mexico").update(name_en="Mexico (renamed)")
    both, rendered_both = page(client, "/meetings/plenary/")

    assert rendered_expected == {EXPECTED: 1}
    assert "Belgium Ghana (renamed) Mexico" in text(expected_only)
    assert rendered_both == {EXPECTED: 1, SPEAKERS: 1, FLOOR: 1}  # Mexico speaks next
    assert "1 Mexico (renamed) Other head of delegation 10:00" in text(both)


def test_a_speaker_moved_or_withdrawn_renders_the_speakers_list_again(client, plenary):
    page(client, "/meetings/plenary/")
    mexico, belgium = Inscription.objects.order_by("position")

    Inscription.objects.filter(pk=mexico.pk).update(position=9)
    Inscription.objects.filter(pk=belgium.pk).update(position=1)
    Inscription.objects.filter(pk=mexico.pk).update(position=2)
    moved, rendered_moved = page(client, "/meetings/plenary/")
    Inscription.objects.filter(pk=belgium.pk).update(
        status=InscriptionStatus.WITHDRAWN, position=None
    )
    withdrawn, rendered_withdrawn = page(client, "/meetings/plenary/")

    assert rendered_moved == rendered_withdrawn == {SPEAKERS: 1, FLOOR: 1}
    assert (
        "1 Belgium Other head of delegation 10:00 2 Mexico Other head of delegation 10:05"
    ) in text(moved)
    assert "Belgium Other head of delegation" not in text(withdrawn)
    assert "2 Mexico Other head of delegation 10:00 hlderp" in text(withdrawn)


def test_a_chair_changed_renders_the_chairs_again(client, plenary):
    page(client, "/meetings/plenary/")

    MeetingChair.objects.filter(meeting=plenary).update(role=ChairRole.CO_CHAIR)
    html, rendered = page(client, "/meetings/plenary/")

    assert rendered == {HEAD: 1, CHAIRS: 1}
    assert "Co-chair: H.E. Jan Eliasson ( Sweden )" in text(html)


def test_the_meeting_its_venue_or_its_notes_changed_render_the_head_again(client, plenary):
    page(client, "/meetings/plenary/")

    plenary.title = "Plenary, moved"
    plenary.save()
    retitled, rendered_retitled = page(client, "/meetings/plenary/")
    venue = plenary.venue
    venue.city = "Geneva"
    venue.save()
    moved, rendered_moved = page(client, "/meetings/plenary/")
    note = MeetingNote.objects.create(heading="Decisions", text="Adopted.", source="A/61/1")
    note.meetings.add(plenary)
    noted, rendered_noted = page(client, "/meetings/plenary/")

    process = plenary.process
    process.short_title = "Busy 2006"
    process.save()
    renamed, rendered_renamed = page(client, "/meetings/plenary/")

    assert rendered_retitled == rendered_moved == rendered_noted == {HEAD: 1, CHAIRS: 1}
    assert rendered_renamed == {HEAD: 1, CHAIRS: 1}
    assert "Plenary · Busy 2006" in text(renamed)
    assert '<h1 class="">Plenary, moved</h1>' in retitled
    assert "United Nations Headquarters, Geneva" in text(moved)
    assert "On the record Decisions Adopted. Source: A/61/1" in text(noted)


def test_a_published_seat_renders_the_seats_again_and_a_draft_does_not(client, round_table):
    page(client, "/meetings/round-table/")

    Seat.objects.create(meeting=round_table, delegation=DelegationFactory(), is_published=False)
    draft, rendered_draft = page(client, "/meetings/round-table/")
    Seat.objects.create(
        meeting=round_table,
        delegation=DelegationFactory(stakeholder=MemberStateFactory(name="Chile")),
        is_published=True,
    )
    published, rendered_published = page(client, "/meetings/round-table/")

    assert rendered_draft == {}
    assert rendered_published == {SEATS: 1}
    assert "2 Member States" in text(draft)
    assert "3 Member States" in text(published)
    assert "Austria" in text(published) and "Chile" in text(published)


def test_each_language_has_its_own_parts_with_the_english_fallback_marked(client, plenary):
    page(client, "/meetings/plenary/")

    french, rendered_french = page(client, "/meetings/plenary/?lang=fr")
    arabic, rendered_arabic = page(client, "/meetings/plenary/?lang=ar")
    arabic_again, rendered_arabic_again = page(client, "/meetings/plenary/?lang=ar")

    assert rendered_french == rendered_arabic == ALL
    assert rendered_arabic_again == {}
    assert arabic_again == arabic
    assert "3 délégations attendues" in text(french)
    assert '<a href="/registry/ghana/"><span lang="en">Ghana</span></a>' in french
    assert '<a href="/registry/ghana/"><span lang="en" dir="ltr">Ghana</span></a>' in arabic


def test_an_illustrative_row_brings_the_note_which_follows_the_process(client, plenary, process):
    page(client, "/meetings/plenary/")

    Inscription.objects.filter(position=1).update(is_illustrative=True)
    marked, rendered_marked = page(client, "/meetings/plenary/")
    StatementFactory(meeting=plenary, is_illustrative=True)  # the note now counts it
    counted, rendered_counted = page(client, "/meetings/plenary/")

    # The floor panel reads the same rows (and does not show the mark).
    assert rendered_marked == {SPEAKERS: 1, FLOOR: 1}
    assert rendered_counted == {SPEAKERS: 1}
    assert "1 Mexico Illustrative Other head of delegation 10:00" in text(marked)
    assert "1 place on a speakers list" in text(marked)
    assert "1 statement" not in text(marked)
    assert "1 place on a speakers list; 1 statement" in text(counted)


def test_a_changed_template_included_by_a_part_is_not_served_from_the_cache(
    client, plenary, settings, tmp_path
):
    page(client, "/meetings/plenary/")
    # The next release's overrun warning: a changed text under the same name, included by
    # the speakers list's template (whose own text is unchanged).
    overrun = tmp_path / "consultations/speakers/_overrun.html"
    overrun.parent.mkdir(parents=True)
    overrun.write_text("<p>New overrun warning</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    html, rendered = page(client, "/meetings/plenary/")

    assert rendered == {SPEAKERS: 1}
    assert "New overrun warning" in html


def test_the_floor_panel_is_rendered_each_time_once_a_sitting_has_begun(client, plenary):
    def panel(html: str) -> str:
        return " ".join(re.search(r'<section class="floor-live[^>]*>', html).group(0).split())

    before, _rendered = page(client, "/meetings/plenary/")
    Floor.objects.create(speakers_list=plenary.speakers_list, in_session=True, version=3)

    _first, rendered_first = page(client, "/meetings/plenary/")
    second, rendered_second = page(client, "/meetings/plenary/")

    assert rendered_first == rendered_second == {FLOOR: 1}
    assert 'data-version="0"' in panel(before) and panel(before).endswith(" hidden>")
    assert 'data-version="3"' in panel(second) and "hidden" not in panel(second)
    assert "Next speakers Mexico (Other head of delegation) Belgium" in text(second)


def test_with_the_cache_unreachable_every_part_is_rendered(client, plenary, settings):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens

    first, rendered_first = page(client, "/meetings/plenary/")
    second, rendered_second = page(client, "/meetings/plenary/")

    assert rendered_first == rendered_second == ALL
    assert first == second
    assert "Belgium Ghana Mexico" in text(second)


def test_a_part_is_kept_under_what_its_rendered_rows_show():
    """A write between the narrow read and the full one: the HTML of the newer rows is kept
    under the newer rows' key, never under the older one's."""

    def part(shows):
        return Fragment(EXPECTED, shows, {"expected": []}, lambda context: "rows read in full")

    counts = []
    with renders() as rendered:
        for shows in (
            "rows read narrowly, then changed",
            "rows read in full",
            "rows read narrowly, then changed",
        ):
            fragments_render_many({"part": part(shows)})
            counts.append(rendered[EXPECTED])

    # Rendered, found under the newer rows, rendered again for the older (not kept under them).
    assert counts == [1, 1, 2]


def _grow(meeting, n: int) -> None:
    for _ in range(n):
        delegation = DelegationFactory(process=meeting.process)
        InscriptionFactory(
            speakers_list=meeting.speakers_list,
            stakeholder=delegation.stakeholder,
            speaker=PersonFactory(),
        )
        MeetingChair.objects.create(meeting=meeting, person=PersonFactory())
        _note_on(meeting)


def _note_on(meeting) -> None:
    note = MeetingNote.objects.create(
        heading="Summary", text="A point.", order=MeetingNote.objects.count(), source="UN Journal"
    )
    note.meetings.add(meeting)


def test_the_page_runs_the_same_queries_at_two_sizes_and_fewer_from_the_cache(client, plenary):
    _grow(plenary, 2)
    with CaptureQueriesContext(connection) as small:
        page(client, "/meetings/plenary/")
    with CaptureQueriesContext(connection) as small_kept:
        page(client, "/meetings/plenary/")
    _grow(plenary, 25)
    with CaptureQueriesContext(connection) as large:
        page(client, "/meetings/plenary/")
    with CaptureQueriesContext(connection) as large_kept:
        page(client, "/meetings/plenary/")

    # The meeting (with its speakers list and floor), chairs, notes, the delegations and the
    # speakers read narrowly; rendered, the delegations and the speakers read in full and the
    # floor (the floor, the speakers waiting).
    assert len(small_kept.captured_queries) == len(large_kept.captured_queries) == 5
    assert len(small.captured_queries) == len(large.captured_queries) == 9


def test_a_round_table_runs_the_same_queries_at_two_sizes(client, round_table):
    def grow(n: int) -> None:
        for _ in range(n):
            delegation = DelegationFactory(process=round_table.process)
            Seat.objects.create(meeting=round_table, delegation=delegation, is_published=True)
            MeetingChair.objects.create(
                meeting=round_table,
                role=ChairRole.CO_CHAIR,
                person=PersonFactory(),
                stakeholder=MemberStateFactory(),
            )
            _note_on(round_table)

    sizes = []
    for n in (2, 25):
        grow(n)
        with CaptureQueriesContext(connection) as rendered:
            page(client, "/meetings/round-table/")
        with CaptureQueriesContext(connection) as kept:
            html, _rendered = page(client, "/meetings/round-table/")
        sizes.append((len(rendered.captured_queries), len(kept.captured_queries)))
        assert text(html).count("A point.") == n + (2 if n == 25 else 0)

    # The meeting, chairs, notes, the seats and co-chairs read narrowly; rendered, the seats
    # and co-chairs read in full.
    assert sizes == [(7, 5), (7, 5)]
