"""The public record, read only: processes, meetings, speakers lists, published statements,
positions and the Chair's summary figures. Each reads through the selectors of the web pages,
so the API and the pages agree; a statement of the reader's own delegation (or, for the
Secretariat, one submitted) opens too, as on /statements/<id>/."""

import django_filters
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from consultations.api import serializers, serializers_records
from consultations.choices import MeetingKind, MeetingStatus
from consultations.filters import StatementFilter
from consultations.models import Meeting, Process, Statement
from consultations.selectors import positions as position_selectors
from consultations.selectors import programme as programme_selectors
from consultations.selectors import speakers as speaker_selectors
from consultations.selectors import statements_public as statement_selectors
from registry.api.filtering import FilterBackend
from registry.api.pagination import cursor_by


class PublicReadMixin:
    permission_classes = [permissions.AllowAny]


class ProcessListView(PublicReadMixin, generics.ListAPIView):
    """Every process, latest first."""

    serializer_class = serializers.ProcessSerializer
    pagination_class = cursor_by("-start_date", "-pk")
    queryset = Process.objects.all()


class ProcessMixin:
    """``self.process``: the process of the URL's ``slug`` (404 when there is none)."""

    def get_process(self) -> Process:
        try:
            return programme_selectors.process_by_slug(slug=self.kwargs["slug"])
        except Process.DoesNotExist:
            raise Http404(_("No such process.")) from None


class ProcessDetailView(PublicReadMixin, ProcessMixin, generics.RetrieveAPIView):
    serializer_class = serializers.ProcessSerializer

    def get_object(self) -> Process:
        return self.get_process()


class MeetingFilter(django_filters.FilterSet):
    process = django_filters.CharFilter(field_name="process__slug", max_length=120)
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices)
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices)

    class Meta:
        model = Meeting
        fields = ["process", "kind", "status"]


class MeetingListView(PublicReadMixin, generics.ListAPIView):
    """Every meeting (of ``process``, of a ``kind``, in a ``status``), in time order, with its
    chairs and its times in UTC and in the venue's zone."""

    serializer_class = serializers.MeetingSerializer
    filter_backends = [FilterBackend]
    filterset_class = MeetingFilter
    pagination_class = cursor_by("start", "pk")

    def get_queryset(self):
        return programme_selectors.programme_meetings_all()


class MeetingMixin:
    def get_meeting(self) -> Meeting:
        try:
            return programme_selectors.meeting_detail(slug=self.kwargs["slug"])
        except Meeting.DoesNotExist:
            raise Http404(_("No such meeting.")) from None


class MeetingDetailView(PublicReadMixin, MeetingMixin, generics.RetrieveAPIView):
    serializer_class = serializers.MeetingSerializer

    def get_object(self) -> Meeting:
        return self.get_meeting()


class MeetingSpeakersView(PublicReadMixin, APIView):
    """The meeting's speakers list in speaking order, with the time each speaker is expected to
    take the floor (UTC and the venue's zone) and whether the list overruns the meeting."""

    @extend_schema(responses=serializers_records.SpeakersListSerializer)
    def get(self, request, slug: str):
        meeting = get_object_or_404(Meeting.objects.only("pk"), slug=slug)
        speakers = speaker_selectors.meeting_speakers(meeting=meeting)
        if speakers is None:
            raise Http404(_("This meeting has no speakers list."))
        serializer = serializers_records.SpeakersListSerializer(
            speakers, context={"now": timezone.now()}
        )
        return Response(serializer.data)


class StatementListView(PublicReadMixin, generics.ListAPIView):
    """Published statements past their "check against delivery" time, latest published first,
    with the search (``q``: words, "a phrase", ``or``, ``-word``) and the filters of
    /statements/."""

    serializer_class = serializers.StatementSerializer
    filter_backends = [FilterBackend]
    filterset_class = StatementFilter
    pagination_class = cursor_by("-published_at", "-pk")

    def get_queryset(self):
        return statement_selectors.statements_public(now=timezone.now())


class StatementDetailView(generics.RetrieveAPIView):
    """One statement with its text: a public one for anybody; the reader's own delegation's in
    any state; for the Secretariat any statement submitted at least once."""

    serializer_class = serializers.StatementDetailSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self) -> Statement:
        try:
            return statement_selectors.statement_for_reader(
                user=self.request.user, pk=self.kwargs["pk"], now=timezone.now()
            )
        except Statement.DoesNotExist:
            raise Http404(_("No such statement.")) from None


class PositionsView(PublicReadMixin, ProcessMixin, APIView):
    """Every issue of the process with its figures among the Member States that made public
    statements (by stance and by regional group) and the position of each of them."""

    @extend_schema(responses=serializers_records.IssueFiguresSerializer(many=True))
    def get(self, request, slug: str):
        figures = position_selectors.process_figures(process=self.get_process())
        return Response(serializers_records.IssueFiguresSerializer(figures, many=True).data)


class SummaryView(PublicReadMixin, ProcessMixin, APIView):
    """The Chair's summary figures: who made public statements (Member States, by regional
    group, other participants), each issue's support, the themes raised."""

    @extend_schema(responses=serializers_records.SummaryFiguresSerializer)
    def get(self, request, slug: str):
        figures = position_selectors.summary_figures(process=self.get_process())
        return Response(serializers_records.SummaryFiguresSerializer(figures).data)
