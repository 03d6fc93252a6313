"""The public registry: stakeholders (with the filters of /registry/), regional groups and
groupings. Read only, for anybody."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from registry.api import serializers
from registry.api.filtering import FilterBackend
from registry.api.pagination import cursor_by
from registry.filters import StakeholderFilter
from registry.models import Grouping, Membership, RegionalGroup, Stakeholder


class PublicReadMixin:
    permission_classes = [permissions.AllowAny]


class StakeholderListView(PublicReadMixin, generics.ListAPIView):
    """Every stakeholder, by name; ``q`` (name or ISO code), ``kind``, ``regional_group``,
    ``grouping`` and ``as_of`` filter as on /registry/."""

    serializer_class = serializers.StakeholderSerializer
    filter_backends = [FilterBackend]
    filterset_class = StakeholderFilter
    pagination_class = cursor_by("name", "pk")

    def get_queryset(self):
        return Stakeholder.objects.for_list().order_by("name", "pk")


class StakeholderDetailView(PublicReadMixin, generics.RetrieveAPIView):
    serializer_class = serializers.StakeholderSerializer
    lookup_field = "slug"
    queryset = Stakeholder.objects.for_list()


class RegionalGroupListView(PublicReadMixin, generics.ListAPIView):
    serializer_class = serializers.RegionalGroupSerializer
    pagination_class = None
    queryset = RegionalGroup.objects.order_by("order", "name")


class GroupingListView(PublicReadMixin, generics.ListAPIView):
    serializer_class = serializers.GroupingSerializer
    pagination_class = None
    queryset = Grouping.objects.order_by("name", "pk")


class GroupingDetailView(PublicReadMixin, generics.RetrieveAPIView):
    serializer_class = serializers.GroupingDetailSerializer
    lookup_field = "slug"
    queryset = Grouping.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("stakeholder").order_by(
                "stakeholder__name", "start", "pk"
            ),
        )
    )


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other address under /api/: a problem, not the site's HTML page, whatever the method."""

    permission_classes = [permissions.AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound
