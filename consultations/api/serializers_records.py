"""How the API shows what the selectors compute: speakers lists in order, the positions behind
an issue's figures, and the Chair's summary figures. Plain serializers over the selectors'
objects: nothing is counted here."""

from rest_framework import serializers

from registry.api.serializers import PersonRefSerializer, StakeholderRefSerializer


class SpeakerRowSerializer(serializers.Serializer):
    place = serializers.IntegerField()
    stakeholder = StakeholderRefSerializer(source="inscription.stakeholder")
    speaker = PersonRefSerializer(source="inscription.speaker", allow_null=True)
    speaker_post = serializers.CharField(source="inscription.speaker_post")
    level = serializers.IntegerField(source="inscription.level")
    status = serializers.CharField()
    expected_at = serializers.DateTimeField()
    expected_at_local = serializers.SerializerMethodField()
    allotted_seconds = serializers.IntegerField()
    spoke_seconds = serializers.IntegerField(source="actual_seconds", allow_null=True)
    is_illustrative = serializers.BooleanField(source="inscription.is_illustrative")

    def get_expected_at_local(self, row) -> str:
        return row.expected_local.isoformat()


class SpeakersListSerializer(serializers.Serializer):
    meeting = serializers.CharField(source="meeting.slug")
    status = serializers.CharField(source="speakers_list.status")
    state = serializers.SerializerMethodField()
    opens_at = serializers.DateTimeField(source="speakers_list.opens_at", allow_null=True)
    closes_at = serializers.DateTimeField(source="speakers_list.closes_at", allow_null=True)
    minutes_per_speaker = serializers.IntegerField(source="speakers_list.minutes_per_speaker")
    time_zone = serializers.CharField()
    expected_end = serializers.DateTimeField()
    overruns = serializers.BooleanField()
    speakers = SpeakerRowSerializer(source="rows", many=True)

    def get_state(self, speakers) -> str:
        """The state delegates meet now: not_open_yet, open, suspended or closed."""
        return str(speakers.speakers_list.state_at(self.context["now"]))


class StanceCountSerializer(serializers.Serializer):
    stance = serializers.CharField(help_text='A stance, "supportive", "stated", or "" for all.')
    label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField(help_text="Of every stakeholder counted (that spoke).")
    stated_share = serializers.FloatField(
        allow_null=True, help_text="Of those that stated a position on the issue."
    )
    in_words = serializers.CharField()
    stakeholders = serializers.SerializerMethodField()

    def get_stakeholders(self, count) -> list[str]:
        return [row.stakeholder.slug for row in count.rows]


class GroupFiguresSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    total = serializers.IntegerField(source="total.count")
    supportive = StanceCountSerializer()
    counts = StanceCountSerializer(many=True)


class PositionRowSerializer(serializers.Serializer):
    stakeholder = StakeholderRefSerializer()
    regional_group = serializers.CharField(source="group_code")
    stance = serializers.CharField()
    statement = serializers.IntegerField(source="statement.pk", allow_null=True, default=None)
    is_illustrative = serializers.SerializerMethodField()

    def get_is_illustrative(self, row) -> bool:
        return bool(row.position and row.position.is_illustrative)


class IssueRefMixin(serializers.Serializer):
    slug = serializers.CharField(source="issue.slug")
    title = serializers.CharField(source="issue.title")
    short_title = serializers.CharField(source="issue.short_title")


class IssueFiguresSerializer(IssueRefMixin):
    """An issue's figures among the Member States that made public statements, and the
    positions behind them (the public rule: a stance counts once its statement is public)."""

    base = serializers.IntegerField(source="total.count")
    stated = serializers.IntegerField(source="stated.count")
    supportive = StanceCountSerializer()
    counts = StanceCountSerializer(many=True)
    regional_groups = GroupFiguresSerializer(source="groups", many=True)
    positions = PositionRowSerializer(source="rows", many=True)


class ParticipantsSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    stakeholders = serializers.SerializerMethodField()

    def get_stakeholders(self, participants) -> list[str]:
        return [s.slug for s in participants.stakeholders]


class ThemeFigureSerializer(serializers.Serializer):
    theme = serializers.CharField(source="theme.slug")
    name = serializers.CharField(source="theme.name")
    count = serializers.IntegerField()


class IssueSummarySerializer(IssueRefMixin):
    base = serializers.IntegerField(source="total.count")
    stated = serializers.IntegerField(source="stated.count")
    supportive = StanceCountSerializer()
    not_stated = StanceCountSerializer()


class SummaryFiguresSerializer(serializers.Serializer):
    process = serializers.CharField(source="process.slug")
    participant_count = serializers.IntegerField()
    member_states = ParticipantsSerializer()
    member_states_by_group = ParticipantsSerializer(many=True)
    others = ParticipantsSerializer(many=True)
    issues = IssueSummarySerializer(many=True)
    themes = ThemeFigureSerializer(many=True)
