"""The registry as the API shows it: stakeholders, regional groups, groupings, persons."""

from rest_framework import serializers

from registry.models import Grouping, Membership, Person, RegionalGroup, Stakeholder


class RegionalGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = RegionalGroup
        fields = ["code", "name", "short_name"]


class StakeholderRefSerializer(serializers.ModelSerializer):
    """A stakeholder named in another object: enough to find it (``slug``) and show it."""

    class Meta:
        model = Stakeholder
        fields = ["slug", "name", "kind"]


class PersonRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = ["slug", "honorific", "name"]


class StakeholderSerializer(serializers.ModelSerializer):
    regional_group = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Stakeholder
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "un_entity_type",
            "iso3",
            "admission_date",
            "regional_group",
            "parent",
            "established",
            "dissolved",
            "website",
        ]


class GroupingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Grouping
        fields = ["slug", "name", "short_name", "kind", "established", "description"]


class MembershipSerializer(serializers.ModelSerializer):
    stakeholder = StakeholderRefSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["stakeholder", "start", "end", "note"]


class GroupingDetailSerializer(GroupingSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta(GroupingSerializer.Meta):
        fields = [*GroupingSerializer.Meta.fields, "memberships"]
