"""Public pages of the programme: the front page, the timeline, meetings and their feeds.

All public: the programme is published for Member States, the press and the public.
"""

import datetime

from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from consultations import ical
from consultations.addresses import process_addresses, process_reverse, reverse_each
from consultations.choices import DocumentRole, MeetingKind, MeetingStatus
from consultations.fragments import read_later
from consultations.fragments_meeting import meeting_fragments
from consultations.fragments_programme import programme_fragments
from consultations.models import Meeting, SpeakersList
from consultations.page_scopes import page_shows_process
from consultations.selectors import programme as selectors
from consultations.selectors import seats as seat_selectors
from consultations.selectors import speakers as speaker_selectors
from consultations.selectors.illustrative import (
    illustrative_note,
    mark_fields,
    row_mark,
)
from consultations.views.base import ProcessSelectionMixin
from registry import selectors as registry_selectors
from registry.models import Stakeholder

ICAL_STATUS = {
    MeetingStatus.PLANNED: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}
ICAL_CONTENT_TYPE = "text/calendar; charset=utf-8"
# On an event whose times of day, room or chairs were invented for a demonstration.
ICAL_ILLUSTRATIVE = "X-HLDERP-ILLUSTRATIVE"
NO_REVISION = ical.Revision()  # a meeting without history


class HomeView(TemplateView):
    """The front page: the current process (the default), and a link to each process."""

    template_name = "consultations/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = selectors.process_for_page()  # the current one, with its illustrative counts
        context["process"] = process
        context["processes"] = list(selectors.process_list())
        if process is not None:
            context["process_urls"] = process_addresses(process=process, root=process.is_current)
            context["mandate"] = list(
                selectors.process_documents(process=process, role=DocumentRole.MANDATE)
            )
            context["upcoming"], context["recent"] = selectors.meetings_near(process=process)
        context["counts"] = registry_selectors.registry_counts(
            stakeholders=Stakeholder.objects.all()
        )
        return context


class ProgrammeView(ProcessSelectionMixin, TemplateView):
    template_name = "consultations/programme/programme.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = self.get_process()
        context["process"] = process
        context["processes"] = selectors.process_menu()
        if process is not None:
            page_shows_process(self.request, process.pk)
            context["programme"] = selectors.programme_documents(process=process)
            # The timeline's sections and the menu, from the cache when they show the same.
            context["fragments"] = programme_fragments(process=process, menu=context["processes"])
        return context


class MeetingDetailView(DetailView):
    template_name = "consultations/programme/meeting_detail.html"
    context_object_name = "meeting"

    def get_object(self, queryset=None) -> Meeting:
        try:
            return selectors.meeting_detail(slug=self.kwargs["slug"])
        except Meeting.DoesNotExist:
            raise Http404(_("No such meeting.")) from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        page_shows_process(self.request, meeting.process_id)
        is_round_table = meeting.kind == MeetingKind.ROUND_TABLE
        try:
            speakers_list = meeting.speakers_list  # loaded with the meeting
        except SpeakersList.DoesNotExist:
            speakers_list = None
        # Read in full only by a part of the page that is not in the cache (fragments_meeting).
        context.update(
            is_round_table=is_round_table,
            seats=read_later(seat_selectors.meeting_seats, meeting=meeting)
            if is_round_table
            else [],
            expected=read_later(selectors.meeting_expected_delegations, meeting=meeting),
            speakers_list=speakers_list,
            speakers=(
                read_later(speaker_selectors.speakers_list_detail, speakers_list=speakers_list)
                if speakers_list
                else None
            ),
        )
        context["fragments"] = meeting_fragments(
            request=self.request, meeting=meeting, context=context
        )
        process = meeting.process
        context["process_urls"] = process_addresses(process=process, root=process.is_current)
        return context


# --- Feeds ------------------------------------------------------------------------------------


def _location(meeting: Meeting) -> str:
    parts = [meeting.room.name if meeting.room_id else "", meeting.venue.name, meeting.venue.city]
    return ", ".join(p for p in parts if p)


def _utc(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC)


def _iso_utc(value: datetime.datetime) -> str:
    return _utc(value).isoformat().replace("+00:00", "Z")


class _Feed:
    """What the events of one feed share, worked out once: the time it is written, the site's
    domain (in each UID), each meeting's revision and chairs, the kinds' labels, and the text
    of each place and theme, read in the page's language and escaped once (a busy programme
    has a handful of them for dozens of events)."""

    def __init__(self, *, request, revisions: dict[int, ical.Revision], chairs: dict[int, list]):
        self.stamp = ical.utc_stamp(timezone.now())
        self.site_domain = ical.domain(request)
        self.meeting_url = reverse_each("meeting", kwarg="slug", request=request)
        self.revisions = revisions
        self.chairs = chairs
        self.kinds = {key: str(label) for key, label in MeetingKind.choices}
        self.locations: dict[tuple[int, int | None], str] = {}
        self.themes: dict[int, str] = {}

    def location(self, meeting: Meeting) -> str:
        place = (meeting.venue_id, meeting.room_id)
        if place not in self.locations:
            self.locations[place] = ical.text(_location(meeting))
        return self.locations[place]

    def theme(self, meeting: Meeting) -> str:
        if meeting.theme_id not in self.themes:
            self.themes[meeting.theme_id] = _("Theme: %(theme)s") % {"theme": meeting.theme.name}
        return self.themes[meeting.theme_id]

    def event(self, meeting: Meeting) -> str:
        """The VEVENT of ``meeting``, as folded lines (consultations/ical.py)."""
        lines = [self.kinds[meeting.kind]]
        if meeting.theme_id:
            lines.append(self.theme(meeting))
        chairs = self.chairs.get(meeting.pk, [])
        if chairs:
            lines.append("; ".join(_chair_text(chair) for chair in chairs))
        description = meeting.description
        if description:
            lines.append(description)
        invented, mark_lines = _mark_lines(meeting, chairs)
        lines.extend(mark_lines)
        revision = self.revisions.get(meeting.pk, NO_REVISION)
        properties = [
            "BEGIN:VEVENT",
            f"SUMMARY:{ical.text(meeting.title)}",
            f"DTSTART:{ical.utc_stamp(meeting.start)}",
            f"DTEND:{ical.utc_stamp(meeting.end)}",
            f"DTSTAMP:{self.stamp}",
            f"UID:{ical.meeting_uid(meeting, site_domain=self.site_domain)}",
            f"SEQUENCE:{revision.sequence}",
        ]
        if revision.last_modified is not None:
            properties.append(f"LAST-MODIFIED:{ical.utc_stamp(revision.last_modified)}")
        properties += [
            f"DESCRIPTION:{ical.text(chr(10).join(lines))}",
            f"LOCATION:{self.location(meeting)}",
            f"STATUS:{ICAL_STATUS[meeting.status]}",
            f"URL:{ical.uri(self.meeting_url(meeting.slug))}",
        ]
        if invented:
            properties.append(f"{ICAL_ILLUSTRATIVE}:TRUE")
        properties.append("END:VEVENT")
        return "".join(ical.fold(line) for line in properties)


def _chair_text(chair) -> str:
    if row_mark(chair).illustrative:
        return _("%(chair)s (illustrative)") % {"chair": chair}
    return str(chair)


def _mark_lines(meeting: Meeting, chairs) -> tuple[bool, list[str]]:
    """The feed's illustrative mark: whether the event has anything invented (an X- property
    says so), and the lines of its description saying what; a fact's source as a line too."""
    mark = row_mark(meeting)
    invented_chairs = any(row_mark(chair).illustrative for chair in chairs)
    lines = []
    if mark.illustrative:
        lines.append(
            _("Illustrative: the times of day and room were invented for a demonstration.")
        )
    if invented_chairs:
        lines.append(_("Illustrative: the chairs were invented for a demonstration."))
    if mark.source:
        lines.append(_("Source: %(source)s") % {"source": mark.source})
    return mark.illustrative or invented_chairs, lines


def _calendar(meetings, *, chairs, name: str, request, revisions, note: str = "") -> bytes:
    """The feed of ``meetings`` (their ``chairs`` by meeting id): each event with its UID,
    SEQUENCE and LAST-MODIFIED (``revisions``, from ical.meeting_revisions), STATUS and the URL
    of its page."""
    head = [
        "BEGIN:VCALENDAR",
        f"X-WR-CALNAME:{ical.text(name)}",
        "PRODID:-//hlderp//programme//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if note:
        head.append(f"X-WR-CALDESC:{ical.text(note)}")
    parts = [ical.fold(line) for line in head]
    feed = _Feed(request=request, revisions=revisions, chairs=chairs)
    parts.extend(feed.event(meeting) for meeting in meetings)
    parts.append("END:VCALENDAR\r\n")
    return "".join(parts).encode()


def _ical_response(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=ICAL_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class ProgrammeICSView(ProcessSelectionMixin, View):
    """Every meeting of the process as an iCalendar feed (``/p/<slug>/programme.ics``).

    At the root without ``?process=`` (``/programme.ics``), every meeting of every process: a
    calendar subscribed there keeps its events when another process becomes current.
    """

    def get(self, request, *args, **kwargs):
        if "process" not in kwargs and not request.GET.get("process"):
            if not selectors.process_list().exists():
                raise Http404(_("No process yet."))
            body = _calendar(
                selectors.programme_meetings_all(chairs=False),
                chairs=selectors.programme_chairs(),
                name=_("Programme of every process"),
                request=request,
                revisions=ical.meeting_revisions(),
            )
            return _ical_response(body, filename="programme.ics")
        process = self.get_process()
        page_shows_process(request, process.pk)
        note = illustrative_note(process=process).text
        body = _calendar(
            selectors.programme_meetings(process=process),
            chairs=selectors.programme_chairs(process=process),
            name=str(process),
            request=request,
            note=note,
            revisions=ical.meeting_revisions(process=process),
        )
        return _ical_response(body, filename=f"{process.slug}.ics")


class MeetingICSView(View):
    """One meeting as an iCalendar file (``/meetings/<slug>.ics``)."""

    def get(self, request, *args, **kwargs):
        try:
            meeting = selectors.meeting_detail(slug=kwargs["slug"])
        except Meeting.DoesNotExist:
            raise Http404(_("No such meeting.")) from None
        page_shows_process(request, meeting.process_id)
        body = _calendar(
            [meeting],
            chairs={meeting.pk: list(meeting.chairs.all())},  # loaded with the meeting
            name=meeting.title,
            request=request,
            revisions=ical.meeting_revisions(meeting=meeting),
        )
        return _ical_response(body, filename=f"{meeting.slug}.ics")


class ProgrammeJSONView(ProcessSelectionMixin, View):
    """The programme as JSON: the process and its meetings, times in UTC (ISO 8601)."""

    def get(self, request, *args, **kwargs):
        process = self.get_process()
        if process is None:
            raise Http404(_("No process yet."))
        page_shows_process(request, process.pk)
        meetings = selectors.programme_meetings(process=process)
        chairs = selectors.programme_chairs(process=process)
        meeting_url = reverse_each("meeting", kwarg="slug", request=request)
        meeting_ics = reverse_each("meeting_ics", kwarg="slug", request=request)
        data = {
            # The language of the titles and words below (?lang= or the request's).
            "language": translation.get_language(),
            "process": {
                "slug": process.slug,
                "title": process.title,
                "short_title": process.short_title,
                "start_date": process.start_date.isoformat(),
                "end_date": process.end_date.isoformat(),
                "url": request.build_absolute_uri(process_reverse("programme", process=process)),
                "seat_rules_source": process.seat_rules_source,
            },
            # What in it was invented for a demonstration ("" when nothing is); each meeting and
            # chair says so itself ("illustrative", with the "source" of a fact).
            "illustrative_note": illustrative_note(process=process).text,
            "meetings": [
                _meeting_json(
                    m,
                    chairs=chairs.get(m.pk, []),
                    url=meeting_url(m.slug),
                    ics=meeting_ics(m.slug),
                )
                for m in meetings
            ],
        }
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _meeting_json(meeting: Meeting, *, chairs: list, url: str, ics: str) -> dict:
    return {
        "slug": meeting.slug,
        "title": meeting.title,
        "kind": meeting.kind,
        "number": meeting.number,
        "theme": meeting.theme.name if meeting.theme_id else None,
        "start": _iso_utc(meeting.start),
        "end": _iso_utc(meeting.end),
        "time_zone": meeting.venue.time_zone,
        "venue": meeting.venue.name,
        "city": meeting.venue.city,
        "room": meeting.room.name if meeting.room_id else None,
        "status": meeting.status,
        "chairs": [
            {
                "role": chair.role,
                "person": str(chair.person) if chair.person_id else None,
                "stakeholder": chair.stakeholder.name if chair.stakeholder_id else None,
                **mark_fields(chair),
            }
            for chair in chairs
        ],
        **mark_fields(meeting),
        "url": url,
        "ics": ics,
    }
