"""How the API shows the consultations' records. Times: ISO 8601 with their offset, in UTC
(``start``) and in the venue's zone (``start_local``)."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consultations.models import (
    Delegation,
    Inscription,
    Meeting,
    MeetingChair,
    Process,
    Statement,
    Venue,
)
from registry.api.serializers import PersonRefSerializer, StakeholderRefSerializer


@extend_schema_field(OpenApiTypes.DATETIME)
class VenueTimeField(serializers.Field):
    """A stored (UTC) moment in the time zone of the venue of ``venue_of(obj)``."""

    def __init__(self, *, venue_of, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        self.venue_of = venue_of
        self.attribute = None
        super().__init__(**kwargs)

    def bind(self, field_name, parent):
        self.attribute = field_name.removesuffix("_local")
        super().bind(field_name, parent)

    def to_representation(self, obj):
        moment = getattr(obj, self.attribute)
        if moment is None:
            return None
        return moment.astimezone(self.venue_of(obj).tzinfo).isoformat()


class ProcessSerializer(serializers.ModelSerializer):
    class Meta:
        model = Process
        fields = [
            "slug",
            "title",
            "short_title",
            "description",
            "start_date",
            "end_date",
            "is_current",
            "follow_up",
        ]


class VenueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Venue
        fields = ["name", "city", "country", "time_zone"]


class ChairSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, allow_null=True)
    stakeholder = StakeholderRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = MeetingChair
        fields = ["role", "person", "stakeholder", "is_illustrative"]


def _meeting_venue(meeting: Meeting) -> Venue:
    return meeting.venue


class MeetingSerializer(serializers.ModelSerializer):
    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    theme = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    venue = VenueSerializer(read_only=True)
    room = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)
    start_local = VenueTimeField(venue_of=_meeting_venue)
    end_local = VenueTimeField(venue_of=_meeting_venue)
    chairs = ChairSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "slug",
            "process",
            "kind",
            "number",
            "title",
            "theme",
            "status",
            "venue",
            "room",
            "start",
            "end",
            "start_local",
            "end_local",
            "chairs",
            "is_illustrative",
        ]


class MeetingRefSerializer(serializers.ModelSerializer):
    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Meeting
        fields = ["slug", "title", "process"]


class StatementSerializer(serializers.ModelSerializer):
    """A statement in a list: no text (the detail has it)."""

    stakeholder = StakeholderRefSerializer(read_only=True)
    meeting = MeetingRefSerializer(read_only=True)
    speaker = PersonRefSerializer(read_only=True, allow_null=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    has_file = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Statement
        fields = [
            "id",
            "url",
            "title",
            "language",
            "stakeholder",
            "meeting",
            "speaker",
            "speaker_post",
            "themes",
            "state",
            "published_at",
            "embargo_until",
            "has_file",
            "is_illustrative",
        ]

    def get_has_file(self, statement: Statement) -> bool:
        return bool(statement.file)

    def get_url(self, statement: Statement) -> str:
        """The statement's page on the site."""
        return statement.get_absolute_url()


class StatementDetailSerializer(StatementSerializer):
    file_url = serializers.SerializerMethodField()

    class Meta(StatementSerializer.Meta):
        fields = [
            *StatementSerializer.Meta.fields,
            "text",
            "file_url",
            "return_reason",
            "submitted_at",
        ]

    def get_file_url(self, statement: Statement) -> str | None:
        """Where the file downloads (after the same check as the statement), if it has one."""
        return reverse("statement_file", args=[statement.pk]) if statement.file else None


class InscriptionSerializer(serializers.ModelSerializer):
    """A delegation's place on a speakers list, as its delegation (and the Secretariat) see it."""

    meeting = serializers.SlugRelatedField(
        source="speakers_list.meeting", slug_field="slug", read_only=True
    )
    stakeholder = StakeholderRefSerializer(read_only=True)
    speaker = PersonRefSerializer(read_only=True, allow_null=True)
    place = serializers.IntegerField(source="position", allow_null=True, read_only=True)

    class Meta:
        model = Inscription
        fields = [
            "id",
            "meeting",
            "stakeholder",
            "speaker",
            "speaker_name",
            "speaker_post",
            "level",
            "requested_level",
            "level_request_status",
            "status",
            "place",
            "inscribed_at",
        ]


class DelegationSerializer(serializers.ModelSerializer):
    """A delegation, with its ranked round-table choices (meeting slugs, first choice first)."""

    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    stakeholder = StakeholderRefSerializer(read_only=True)
    round_tables = serializers.SerializerMethodField()

    class Meta:
        model = Delegation
        fields = ["id", "process", "stakeholder", "level", "round_tables"]

    def get_round_tables(self, delegation: Delegation) -> list[str]:
        preferences = sorted(delegation.seat_preferences.all(), key=lambda p: p.rank)
        return [p.meeting.slug for p in preferences]
