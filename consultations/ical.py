"""The iCalendar feeds written directly (RFC 5545), and what keeps a calendar's events its own.

``icalendar`` builds an object per property and re-parses every value, about a millisecond an
event here; a feed of 60 meetings spent most of its time there. The feeds need few property
types (TEXT, UTC DATE-TIME, INTEGER, URI), so they are written as lines: each TEXT value
escaped (backslash, semicolon, comma, line break), control characters dropped, every line folded
at 75 octets without splitting a character, lines ended by CRLF. The tests read the feeds back
with ``icalendar``.

What a calendar program keeps of an event is keyed by its UID, and it replaces its copy when
the SEQUENCE rises (RFC 5546):

- **UID**: ``<meeting slug>@<site's domain>``. A meeting's slug is unique and is its public
  address (``/meetings/<slug>/``), so two processes never share a UID, and the domain (of
  ``SITE_URL``, else the request's host) keeps it distinct from any other site's events. It
  does not change when the meeting does.
- **SEQUENCE** and **LAST-MODIFIED**: from the meeting's history (django-simple-history keeps a
  row at each save of a meeting or of one of its chairs): SEQUENCE is the number of changes
  after the meeting's creation, LAST-MODIFIED the time of the latest. Rows written without
  history (``seed_scale``'s bulk inserts) have SEQUENCE 0 and no LAST-MODIFIED.
- **STATUS**: a cancelled meeting stays in the feed, ``STATUS:CANCELLED``.
- **URL**: the meeting's page.
"""

import datetime
import re
import urllib.parse
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Q

# RFC 5545 allows no control character in a TEXT value but the tab; a line break is escaped.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


def text(value) -> str:
    """``value`` as an escaped TEXT value: line breaks as "\\n" (a bare CR would end the line
    early), other control characters dropped, surrounding blanks stripped."""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value).strip().translate(_TEXT_ESCAPES)


def uri(value: str) -> str:
    """A URI value: no escaping, but no control character either."""
    return _CONTROL.sub("", value).replace("\n", "").replace("\r", "")


def utc_stamp(value: datetime.datetime) -> str:
    """A DATE-TIME in UTC, ``20060915T033000Z`` (seconds kept, fractions dropped)."""
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """``line`` folded into lines of at most 75 octets (UTF-8), each continuation starting
    with a space; never inside a character. The result ends with CRLF."""
    data = line.encode()
    if len(data) <= 75:
        return line + "\r\n"
    parts = []
    start, limit = 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte
            end -= 1
        parts.append(data[start:end].decode())
        start, limit = end, 74  # later lines start with the folding space
    return "\r\n ".join(parts) + "\r\n"


def domain(request=None) -> str:
    """The domain that makes this site's UIDs its own: ``SITE_URL``'s, else the request's."""
    host = urllib.parse.urlsplit(settings.SITE_URL).hostname if settings.SITE_URL else None
    if not host and request is not None:
        host = request.get_host().rsplit(":", 1)[0] if request.get_host() else None
    return host or "localhost"


def meeting_uid(meeting, *, site_domain: str) -> str:
    return f"{meeting.slug}@{site_domain}"


@dataclass(frozen=True)
class Revision:
    """How many times a meeting (or one of its chairs) changed after its creation, and when
    it last did (None when its history holds no row)."""

    sequence: int = 0
    last_modified: datetime.datetime | None = None


def meeting_revisions(*, process=None, meeting=None) -> dict[int, Revision]:
    """Each meeting's Revision, by its id: of ``meeting``, of the meetings of ``process``, or of
    every meeting. One query (the meetings' history and their chairs', each counted by
    meeting)."""
    from consultations.models import Meeting, MeetingChair

    meetings = Meeting.history.all()
    chairs = MeetingChair.history.all()
    if meeting is not None:
        meetings = meetings.filter(id=meeting.pk)
        chairs = chairs.filter(meeting_id=meeting.pk)
    elif process is not None:
        meetings = meetings.filter(process_id=process.pk)
        chairs = chairs.filter(meeting__process_id=process.pk)
    changes = (
        meetings.order_by()
        .values_list("id")
        .annotate(
            changes=Count("history_id", filter=~Q(history_type="+")), last=Max("history_date")
        )
    ).union(
        chairs.order_by()
        .values_list("meeting_id")
        .annotate(changes=Count("history_id"), last=Max("history_date")),
        all=True,
    )
    found: dict[int, list] = {}
    for pk, count, last in changes:
        entry = found.setdefault(pk, [0, None])
        entry[0] += count
        if last is not None and (entry[1] is None or last > entry[1]):
            entry[1] = last
    return {pk: Revision(count, last) for pk, (count, last) in found.items()}
