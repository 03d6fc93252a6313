"""What the speakers-list benchmarks build (bench/speakers.py, bench/live.py): a plenary with a
speakers list, and member states to inscribe on it."""

import datetime
from collections.abc import Iterator


def bench_speakers_list(*, process_slug: str, meeting_slug: str):
    """A process, a venue and a plenary with a speakers list of 5 minutes a speaker."""
    from consultations.models import Meeting, Process, SpeakersList, Venue

    process = Process.objects.create(
        slug=process_slug,
        title="Bench",
        start_date=datetime.date(2006, 9, 1),
        end_date=datetime.date(2006, 9, 30),
    )
    venue = Venue.objects.create(name="Bench venue", city="New York", time_zone="America/New_York")
    meeting = Meeting.objects.create(
        process=process,
        slug=meeting_slug,
        kind="plenary",
        title="Plenary",
        venue=venue,
        start=datetime.datetime(2006, 9, 14, 14, tzinfo=datetime.UTC),
        end=datetime.datetime(2006, 9, 14, 17, tzinfo=datetime.UTC),
    )
    return SpeakersList.objects.create(meeting=meeting, minutes_per_speaker=5)


def bench_state(number: int, group):
    """Member state ``number`` of the benchmarks ("Bench State 007", ISO code "QAH"), of the
    regional group ``group``, unsaved."""
    from registry.models import Stakeholder

    return Stakeholder(
        kind="member_state",
        slug=f"bench-{number:03d}",
        name=f"Bench State {number:03d}",
        iso3="Q" + "".join(chr(65 + (number // 26**k) % 26) for k in (1, 0)),
        admission_date=datetime.date(1945, 10, 24),
        regional_group=group,
    )


def bench_states(count: int) -> Iterator:
    """``count`` member states (``bench_state``) of a bench regional group, each saved as it
    is asked for."""
    from registry.models import RegionalGroup

    group = RegionalGroup.objects.get_or_create(
        code="BENCH", defaults={"name": "Bench", "short_name": "B"}
    )[0]
    for number in range(count):
        state = bench_state(number, group)
        state.save()
        yield state
