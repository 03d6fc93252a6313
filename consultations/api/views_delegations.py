"""A delegation's other writes through the API: inscribe a speaker and withdraw, rank the round
tables. The same services as the portal's (consultations.services.speakers, .seats), the same
rules; objects are looked up among those the user acts for (the Secretariat: any), so another
delegation's answer 404."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from consultations.api import serializers, serializers_input
from consultations.api.errors import domain_errors
from consultations.api.views_public import MeetingSpeakersView
from consultations.models import Delegation, Inscription, Meeting, SeatPreference, SpeakersList
from consultations.selectors.programme import processes_for_user
from consultations.services import seats as seat_services
from consultations.services import speakers as speaker_services
from registry.api.permissions import perm_for_writes, perm_required
from registry.api.problems import Unprocessable
from registry.models import Person, Stakeholder
from registry.permissions import stakeholder_ids

PORTAL = "registry.access_delegate_portal"
MANAGE_SPEAKERS = "consultations.manage_speakers"
MANAGE_SEATS = "consultations.manage_seats"


def acting_stakeholders(user, *, manage: str) -> QuerySet[Stakeholder]:
    """The stakeholders ``user`` acts for here: their own, or any with ``manage``."""
    if user.has_perm(manage):
        return Stakeholder.objects.all()
    return Stakeholder.objects.filter(pk__in=stakeholder_ids(user))


class SpeakersView(MeetingSpeakersView):
    """GET: the meeting's speakers list (public). POST: inscribe one of your stakeholders at its
    place in the protocol order (the Secretariat: any stakeholder, at any time)."""

    permission_classes = [perm_for_writes(PORTAL)]

    @extend_schema(
        request=serializers_input.InscriptionInputSerializer,
        responses={201: serializers.InscriptionSerializer},
    )
    def post(self, request, slug: str):
        speakers_list = get_object_or_404(
            SpeakersList.objects.select_related("meeting__venue", "meeting__process").filter(
                meeting__process__in=processes_for_user(user=request.user)
            ),
            meeting__slug=slug,
        )
        serializer = serializers_input.InscriptionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        stakeholder = get_object_or_404(
            acting_stakeholders(request.user, manage=MANAGE_SPEAKERS), slug=data.pop("stakeholder")
        )
        if data["speaker"]:
            data["speaker"] = Person.objects.filter(slug=data["speaker"]).first()
            if data["speaker"] is None:
                raise Unprocessable({"speaker": [_("No such person.")]})
        with domain_errors():
            inscription = speaker_services.inscription_create(
                actor=request.user, speakers_list=speakers_list, stakeholder=stakeholder, **data
            )
        return Response(
            serializers.InscriptionSerializer(inscription).data, status=status.HTTP_201_CREATED
        )


class InscriptionWithdrawView(APIView):
    """Withdraw your delegation's inscription (the Secretariat: any); the others close up."""

    permission_classes = [perm_required(PORTAL)]

    @extend_schema(request=None, responses=serializers.InscriptionSerializer)
    def post(self, request, pk: int):
        inscriptions = Inscription.objects.select_related(
            "stakeholder", "speaker", "speakers_list__meeting__venue"
        )
        if not request.user.has_perm(MANAGE_SPEAKERS):
            inscriptions = inscriptions.filter(stakeholder_id__in=stakeholder_ids(request.user))
        inscription = get_object_or_404(inscriptions, pk=pk)
        with domain_errors():
            speaker_services.inscription_withdraw(actor=request.user, inscription=inscription)
        return Response(serializers.InscriptionSerializer(inscription).data)


def delegations_for(user) -> QuerySet[Delegation]:
    """The delegations ``user`` acts for (the Secretariat: every one), choices loaded."""
    delegations = Delegation.objects.select_related("process", "stakeholder").prefetch_related(
        Prefetch("seat_preferences", queryset=SeatPreference.objects.select_related("meeting"))
    )
    if user.has_perm(MANAGE_SEATS):
        return delegations
    return delegations.filter(stakeholder_id__in=stakeholder_ids(user))


class DelegationListView(generics.ListAPIView):
    """The delegations you act for, with their round-table choices."""

    serializer_class = serializers.DelegationSerializer
    permission_classes = [perm_required(PORTAL)]

    def get_queryset(self):
        return delegations_for(self.request.user)


class RoundTablesView(APIView):
    """GET: the delegation's ranked round-table choices. PUT: replace them (first choice
    first) until the process's deadline (the Secretariat: at any time)."""

    permission_classes = [perm_required(PORTAL)]

    def get_delegation(self) -> Delegation:
        delegation = get_object_or_404(delegations_for(self.request.user), pk=self.kwargs["pk"])
        if not self.request.user.has_perm("consultations.act_for", delegation):
            raise exceptions.NotFound
        return delegation

    @extend_schema(responses=serializers.DelegationSerializer)
    def get(self, request, pk: int):
        return Response(serializers.DelegationSerializer(self.get_delegation()).data)

    @extend_schema(
        request=serializers_input.SeatPreferencesSerializer,
        responses=serializers.DelegationSerializer,
    )
    def put(self, request, pk: int):
        delegation = self.get_delegation()
        serializer = serializers_input.SeatPreferencesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        slugs = serializer.validated_data["round_tables"]
        by_slug = {m.slug: m for m in Meeting.objects.filter(slug__in=slugs)}
        unknown = [slug for slug in slugs if slug not in by_slug]
        if unknown:
            raise Unprocessable(
                {"round_tables": [_("No such meeting: %(s)s.") % {"s": ", ".join(unknown)}]}
            )
        with domain_errors():
            seat_services.seat_preferences_set(
                actor=request.user,
                delegation=delegation,
                meetings=[by_slug[slug] for slug in slugs],
            )
        return Response(serializers.DelegationSerializer(self.get_delegation()).data)
