"""The Secretariat's exports read a fixed number of queries whatever the number of records: each
export at two sizes, as CSV and as XLSX (an N+1 fails here)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.choices import InscriptionStatus, StatementState
from consultations.models import Process, SpeakersList
from consultations.selectors.exports import staff_speakers
from tests.consultations.exports_staff_helpers import MADE_AT, make_world, utc
from tests.factories import (
    DelegationFactory,
    DelegationMemberFactory,
    InscriptionFactory,
    IssueFactory,
    MeetingFactory,
    PositionFactory,
    RoundTableFactory,
    SeatFactory,
    SpeakersListFactory,
    StatementFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Per request, beside the export's own: the user (with their roles), their second-factor
# device, the processes they may switch between and the process chosen (whole, with its main
# venue's zone). The session is read from the cache (hlderp/sessions.py); the choice is already
# in it (chosen once before counting), so it is not written again.
REQUEST = 4
# Each export's own reads (the statements: the users of their history, the statements, their
# themes with their broader themes; the XLSX first counts them, against the cap; the
# positions: the positions).
OWN = {
    ("statements", "csv"): 3,
    ("statements", "xlsx"): 4,
    ("positions", "csv"): 1,
    ("positions", "xlsx"): 1,
    ("delegations", "csv"): 2,
    ("delegations", "xlsx"): 2,
    ("seats", "csv"): 1,
    ("seats", "xlsx"): 1,
    ("speakers", "csv"): 2,
    ("speakers", "xlsx"): 2,
}


def grow(process: Process, n: int) -> None:
    """``n`` more records of every kind at ``process``, each with what its columns name: a
    submitted statement with a theme, a position with its recorder and statement, a
    delegation with a head and a member, a seat assigned by a user, an inscription by a user
    on a new meeting's list."""
    meeting = MeetingFactory(process=process)
    table = RoundTableFactory(process=process, number=90 + n)
    issue = IssueFactory(process=process)
    theme = ThemeFactory(parent=ThemeFactory())
    speakers = SpeakersListFactory(meeting=meeting)
    for i in range(n):
        user = UserFactory()
        statement = StatementFactory(
            meeting=meeting,
            state=StatementState.SUBMITTED,
            submitted_at=utc(2006, 9, 13),
            themes=[theme],
        )
        PositionFactory(
            issue=issue, stakeholder=statement.stakeholder, statement=statement, recorded_by=user
        )
        delegation = DelegationFactory(process=process, stakeholder=statement.stakeholder)
        DelegationMemberFactory(delegation=delegation)
        SeatFactory(meeting=table, delegation=delegation, assigned_by=user)
        InscriptionFactory(
            speakers_list=speakers,
            stakeholder=statement.stakeholder,
            position=i + 1,
            status=InscriptionStatus.SPOKE if i == 0 else InscriptionStatus.INSCRIBED,
            inscribed_by=user,
        )


def queries(client, name: str, kind: str) -> int:
    path = reverse("secretariat:export", kwargs={"name": name, "kind": kind})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"process": "hld-2006"})
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    assert body
    return len(captured.captured_queries)


@pytest.mark.parametrize(("name", "kind"), list(OWN))
def test_staff_export_reads_the_same_queries_at_two_sizes(
    secretariat_client, time_machine, name, kind
):
    time_machine.move_to(MADE_AT, tick=False)
    process = make_world()["process"]
    secretariat_client.get(reverse("secretariat:exports"), {"process": "hld-2006"})
    grow(process, 1)
    small = queries(secretariat_client, name, kind)
    grow(process, 5)
    large = queries(secretariat_client, name, kind)

    assert (small, large) == (REQUEST + OWN[name, kind], REQUEST + OWN[name, kind])


def test_speakers_export_reads_two_queries_for_any_number_of_lists(time_machine):
    time_machine.move_to(MADE_AT, tick=False)
    process = make_world()["process"]
    grow(process, 2)
    grow(process, 3)

    with CaptureQueriesContext(connection) as captured:
        records = staff_speakers(process=process)

    assert SpeakersList.objects.filter(meeting__process=process).count() == 3
    assert (len(records), len(captured.captured_queries)) == (3 + 2 + 3, 2)
