"""A delegation's statements through the API: draft, change, attach a file, submit, withdraw;
and the Secretariat's review (publish, return). The same services as the portal's and the
review pages' (consultations.services.statements), the same rules: a statement is looked up
among those the user may act on, so another delegation's answers 404."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, parsers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from consultations.api import serializers, serializers_input
from consultations.api.errors import domain_errors
from consultations.api.views_public import StatementDetailView, StatementListView
from consultations.choices import MeetingStatus
from consultations.models import Meeting, Statement, Theme
from consultations.selectors import statements_public as statement_selectors
from consultations.services import statements as services
from consultations.services.mail import mail_failures
from registry.api.permissions import perm_for_writes, perm_required
from registry.api.problems import Unprocessable
from registry.models import Person, Stakeholder
from registry.permissions import stakeholder_ids

PORTAL = "registry.access_delegate_portal"
REVIEW = "consultations.review_statements"
NOTICE_HEADER = "Hlderp-Notice"


def _resolve(data: dict) -> dict:
    """The validated input with its slugs as objects; an unknown one is a 400 on its field."""
    resolved = dict(data)
    serializers_input.moment_check(data.get("embargo_until"))
    errors = {}
    if "meeting" in data:
        resolved["meeting"] = (
            Meeting.objects.exclude(status=MeetingStatus.CANCELLED)
            .select_related("venue", "process")
            .filter(slug=data["meeting"])
            .first()
        )
        if resolved["meeting"] is None:
            errors["meeting"] = [_("No such meeting (or it is cancelled).")]
    if data.get("speaker"):
        resolved["speaker"] = Person.objects.filter(slug=data["speaker"]).first()
        if resolved["speaker"] is None:
            errors["speaker"] = [_("No such person in the registry.")]
    if "themes" in data:
        themes = list(Theme.objects.filter(slug__in=data["themes"]))
        unknown = sorted(set(data["themes"]) - {t.slug for t in themes})
        if unknown:
            errors["themes"] = [_("No such theme: %(slugs)s.") % {"slugs": ", ".join(unknown)}]
        resolved["themes"] = themes
    if errors:
        raise Unprocessable(errors)
    return resolved


def own_stakeholder(user, slug: str) -> Stakeholder:
    """One of the stakeholders ``user`` is focal point of; any other answers 404."""
    return get_object_or_404(Stakeholder.objects.filter(pk__in=stakeholder_ids(user)), slug=slug)


def detail_response(statement: Statement, *, status_code=status.HTTP_200_OK, unsent=()):
    fresh = Statement.objects.select_related(
        "stakeholder", "meeting__process", "speaker"
    ).prefetch_related("themes")
    data = serializers.StatementDetailSerializer(fresh.get(pk=statement.pk)).data
    headers = {NOTICE_HEADER: "not-sent"} if unsent else None
    return Response(data, status=status_code, headers=headers)


class StatementsView(StatementListView):
    """GET: the published statements (public). POST: a new draft of one of your stakeholders
    (``consultations.act_for``; another's stakeholder answers 404)."""

    permission_classes = [perm_for_writes(PORTAL)]

    @extend_schema(
        request=serializers_input.StatementInputSerializer,
        responses={201: serializers.StatementDetailSerializer},
    )
    def post(self, request):
        serializer = serializers_input.StatementInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = _resolve(serializer.validated_data)
        stakeholder = own_stakeholder(request.user, data.pop("stakeholder"))
        with domain_errors():
            statement = services.statement_create(
                actor=request.user, stakeholder=stakeholder, **data
            )
        return detail_response(statement, status_code=status.HTTP_201_CREATED)


class OwnStatementMixin:
    """``self.get_statement()``: the URL's statement among the user's own stakeholders'."""

    def statements(self) -> QuerySet[Statement]:
        return Statement.objects.of_user(self.request.user)

    def get_statement(self) -> Statement:
        return get_object_or_404(
            self.statements().select_related("meeting__venue", "meeting__process", "stakeholder"),
            pk=self.kwargs["pk"],
        )


class StatementView(OwnStatementMixin, StatementDetailView):
    """GET: one statement (see the list). PATCH: change your delegation's draft or returned
    statement (the fields given only)."""

    permission_classes = [perm_for_writes(PORTAL)]
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(
        request=serializers_input.StatementChangeSerializer,
        responses=serializers.StatementDetailSerializer,
    )
    def patch(self, request, pk: int):
        statement = self.get_statement()
        serializer = serializers_input.StatementChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = _resolve(serializer.validated_data)
        with domain_errors():
            services.statement_update(actor=request.user, statement=statement, data=data)
        return detail_response(statement)


class StatementFileView(OwnStatementMixin, APIView):
    """PUT (multipart, field ``file``): attach a PDF or Word file to your draft, replacing its
    file (the old one stays in the record)."""

    permission_classes = [perm_required(PORTAL)]
    parser_classes = [parsers.MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": serializers_input.StatementFileSerializer},
        responses=serializers.StatementDetailSerializer,
    )
    def put(self, request, pk: int):
        statement = self.get_statement()
        serializer = serializers_input.StatementFileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with domain_errors():
            services.statement_update(
                actor=request.user,
                statement=statement,
                data={"file": serializer.validated_data["file"]},
            )
        return detail_response(statement)


class StatementActionView(OwnStatementMixin, APIView):
    """POST: one action on a statement through its service; answers the statement."""

    permission_classes = [perm_required(PORTAL)]
    request_serializer = None

    def perform(self, statement: Statement, data: dict) -> None:
        raise NotImplementedError

    def post(self, request, pk: int):
        statement = self.get_statement()
        data = {}
        if self.request_serializer is not None:
            serializer = self.request_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        with mail_failures() as unsent, domain_errors():
            self.perform(statement, data)
        return detail_response(statement, unsent=unsent)


class StatementSubmitView(StatementActionView):
    """Submit your draft (or returned statement) to the Secretariat."""

    @extend_schema(request=None, responses=serializers.StatementDetailSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def perform(self, statement, data):
        services.statement_submit(actor=self.request.user, statement=statement)


class StatementWithdrawView(StatementActionView):
    """Withdraw a statement: your delegation's, or (the Secretariat) one submitted at least
    once. It leaves the public pages and stays in the record."""

    @extend_schema(request=None, responses=serializers.StatementDetailSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def statements(self):
        if self.request.user.has_perm(REVIEW):
            return Statement.objects.seen_by_secretariat() | Statement.objects.of_user(
                self.request.user
            )
        return super().statements()

    def perform(self, statement, data):
        services.statement_withdraw(actor=self.request.user, statement=statement)


class ReviewActionView(StatementActionView):
    """The Secretariat's review (``consultations.review_statements``): statements submitted at
    least once; a draft never submitted answers 404, as on the review pages."""

    permission_classes = [perm_required(REVIEW)]

    def statements(self):
        return Statement.objects.seen_by_secretariat()


class StatementPublishView(ReviewActionView):
    """Publish a submitted statement (the public sees it from its embargo time)."""

    @extend_schema(request=None, responses=serializers.StatementDetailSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def perform(self, statement, data):
        services.statement_publish(actor=self.request.user, statement=statement)


class StatementReturnView(ReviewActionView):
    """Return a submitted statement to its delegation for correction, with the reason."""

    request_serializer = serializers_input.ReturnSerializer

    @extend_schema(
        request=serializers_input.ReturnSerializer,
        responses=serializers.StatementDetailSerializer,
    )
    def post(self, request, pk: int):
        return super().post(request, pk)

    def perform(self, statement, data):
        services.statement_return(
            actor=self.request.user, statement=statement, reason=data["reason"]
        )


class OwnStatementListView(generics.ListAPIView):
    """Every statement of the stakeholders you act for, in any state, newest first."""

    serializer_class = serializers.StatementSerializer
    permission_classes = [perm_required(PORTAL)]

    def get_queryset(self):
        return statement_selectors.statements_of_user(user=self.request.user)
