"""The data and the writes of a busy plenary day, for `make bench` and `bench/load.py --busy`.

``busy_prepare()`` adds to the bench database (idempotent) a process of 60 meetings in 4 rooms
over 2 days (``busy-day``; the programme the issue measures), 60 delegations, a speakers list of
40 on its first plenary, ten delegates (focal points of ten Member States) with a draft each,
and a member of the Secretariat. ``Writer`` then lands one write a second, in the mix of a
plenary day: a speakers-list move, a draft saved, a statement published (created, submitted and
published through the services, as the portal and the Secretariat's pages do).
"""

import datetime
import itertools
import random
import threading

SLUG = "busy-day"
ROOMS = 4
DAYS = 2
MEETINGS = 60
DELEGATES = 10
SECRETARIAT_EMAIL = "bench.secretariat@hlderp.example"


def delegate_email(n: int) -> str:
    return f"bench.delegate{n}@hlderp.example"


def busy_prepare() -> dict:
    """The busy process and its people, created once; returns what the bench needs."""
    from django.db import transaction

    from consultations.choices import MeetingKind, MeetingStatus
    from consultations.models import Delegation, Meeting, Process, Room, SpeakersList, Venue
    from consultations.services.speakers import inscription_create
    from registry.models import Stakeholder
    from registry.roles import DELEGATE, SECRETARIAT
    from registry.services import demo_account_ensure, focal_point_add

    secretariat, _ = demo_account_ensure(
        email=SECRETARIAT_EMAIL,
        first_name="Bench",
        last_name="Secretariat",
        role=SECRETARIAT,
        reset_password=False,
    )
    states = list(
        Stakeholder.objects.filter(kind="member_state", dissolved__isnull=True).order_by("name")[
            :60
        ]
    )
    process = Process.objects.filter(slug=SLUG).first()
    if process is None:
        with transaction.atomic():
            start = datetime.date(2027, 3, 15)
            process = Process.objects.create(
                slug=SLUG,
                title="A busy day (bench): 60 meetings in 4 rooms over 2 days",
                short_title="Busy day",
                start_date=start,
                end_date=start + datetime.timedelta(days=DAYS - 1),
            )
            venue, _ = Venue.objects.get_or_create(
                name="Bench Conference Centre",
                defaults={"city": "Geneva", "time_zone": "Europe/Zurich"},
            )
            rooms = [
                Room.objects.get_or_create(
                    venue=venue, name=f"Room {n}", defaults={"capacity": 300}
                )[0]
                for n in range(1, ROOMS + 1)
            ]
            numbers = itertools.count(1)
            slots = [
                (day, hour, room) for day in range(DAYS) for hour in range(8) for room in rooms
            ][:MEETINGS]
            for index, (day, hour, room) in enumerate(slots, start=1):
                begins = datetime.datetime(2027, 3, 15 + day, 8 + hour, tzinfo=datetime.UTC)
                plenary = room == rooms[0]
                Meeting.objects.create(
                    process=process,
                    slug=f"{SLUG}-{index}",
                    kind=MeetingKind.PLENARY if plenary else MeetingKind.ROUND_TABLE,
                    number=next(numbers),
                    title=f"{'Plenary meeting' if plenary else 'Round table'} {index}",
                    description="A meeting of the busy day, for the benchmark.",
                    venue=venue,
                    room=room,
                    start=begins,
                    end=begins + datetime.timedelta(minutes=50),
                    status=MeetingStatus.CONFIRMED,
                )
            for state in states:
                Delegation.objects.get_or_create(process=process, stakeholder=state)
        first = Meeting.objects.get(slug=f"{SLUG}-1")
        speakers_list = SpeakersList.objects.create(
            meeting=first,
            opens_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
            closes_at=datetime.datetime(2027, 3, 14, tzinfo=datetime.UTC),
        )
        for n, state in enumerate(states[:40]):
            inscription_create(
                actor=secretariat,
                speakers_list=speakers_list,
                stakeholder=state,
                at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC) + datetime.timedelta(hours=n),
            )
    delegates = []
    for n, state in enumerate(states[:DELEGATES], start=1):
        user, _ = demo_account_ensure(
            email=delegate_email(n),
            first_name="Bench",
            last_name=f"Delegate {n}",
            role=DELEGATE,
            reset_password=False,
        )
        focal_point_add(user=user, stakeholder=state)
        delegates.append((user, state))
    return {
        "process": process,
        "secretariat": secretariat,
        "delegates": delegates,
        "meetings": list(
            Meeting.objects.filter(process=process)
            .order_by("start", "number")
            .values_list("slug", flat=True)
        ),
    }


class Writer(threading.Thread):
    """One write every ``every`` seconds until stopped: a speakers-list move, a draft saved,
    a move, a draft saved, a statement published, and again. Counts each kind."""

    MIX = ("move", "save", "move", "save", "publish")

    def __init__(self, busy: dict, *, every: float = 1.0, seed: int = 1):
        super().__init__(daemon=True)
        self.busy = busy
        self.every = every
        self.random = random.Random(seed)
        self.stop = threading.Event()
        self.counts = dict.fromkeys(self.MIX, 0)
        self.errors: list[str] = []

    def run(self) -> None:
        from django.db import connection

        try:
            self._drafts = [
                self._draft(user, state, n)
                for n, (user, state) in enumerate(self.busy["delegates"])
            ]
            for kind in itertools.cycle(self.MIX):
                if self.stop.wait(self.every):
                    break
                try:
                    getattr(self, f"_{kind}")()
                    self.counts[kind] += 1
                except Exception as error:  # reported with the results, never hidden
                    self.errors.append(f"{kind}: {type(error).__name__}: {error}")
        finally:
            connection.close()

    def _meeting(self, n: int = 1):
        from consultations.models import Meeting

        return Meeting.objects.get(slug=f"{SLUG}-{n}")

    def _draft(self, user, state, n: int):
        from consultations.services.statements import statement_create

        return statement_create(
            actor=user,
            stakeholder=state,
            meeting=self._meeting(1 + 4 * (n % 15)),
            title=f"Statement of {state} (bench draft)",
            language="en",
            text="Mr. President,",
        )

    def _move(self) -> None:
        from consultations.choices import InscriptionStatus
        from consultations.models import Inscription
        from consultations.services.speakers import inscription_move

        rows = list(
            Inscription.objects.filter(
                speakers_list__meeting__slug=f"{SLUG}-1",
                status__in=InscriptionStatus.on_list(),
            ).order_by("position")
        )
        inscription = self.random.choice(rows)
        places = [row.position for row in rows if row.position != inscription.position]
        inscription_move(
            actor=self.busy["secretariat"],
            inscription=inscription,
            to_position=self.random.choice(places),
            reason="Bench: a delegation asked to speak earlier",
        )

    def _save(self) -> None:
        from consultations.services.statements import statement_update

        n = self.random.randrange(len(self._drafts))
        user, _state = self.busy["delegates"][n]
        statement_update(
            actor=user,
            statement=self._drafts[n],
            data={"text": f"Mr. President, (saved {self.random.random():.6f})"},
        )

    def _publish(self) -> None:
        from consultations.services.statements import (
            statement_create,
            statement_publish,
            statement_submit,
        )

        n = self.random.randrange(len(self.busy["delegates"]))
        user, state = self.busy["delegates"][n]
        statement = statement_create(
            actor=user,
            stakeholder=state,
            meeting=self._meeting(1 + 4 * self.random.randrange(15)),
            title=f"Statement of {state} on migration and development (bench)",
            language="en",
            text="Mr. President, remittances and development.",
        )
        statement_submit(actor=user, statement=statement)
        statement_publish(actor=self.busy["secretariat"], statement=statement)
