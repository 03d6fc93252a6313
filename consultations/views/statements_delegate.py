"""The delegate's statements: write, correct, submit, withdraw, and read every revision.

Every view names its permission; a statement is looked up among the statements of the
stakeholders the user is focal point of, so another delegation's statement answers 404 on every
URL. The services decide what may change; a refused change shows their message.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from consultations.choices import MeetingStatus
from consultations.forms.actions import ActionForm
from consultations.forms.statements import StatementForm, embargo_initial
from consultations.models import Meeting, Statement, Theme
from consultations.selectors import statements as selectors
from consultations.services import statements as services
from consultations.uploads import statement_file_extension
from consultations.views.base import ActionView, ScopedObjectMixin, UserProcessMixin
from registry.models import Person, Stakeholder
from registry.permissions import stakeholder_ids


def _themes() -> list[Theme]:
    return list(Theme.objects.order_by("parent_id", "order", "name"))


def _speakers(stakeholders):
    """Persons who hold (or held) a post for one of ``stakeholders``."""
    return Person.objects.filter(appointments__stakeholder__in=stakeholders).distinct()


@dataclass(frozen=True)
class StoredFile:
    """A statement's file as the edit form shows it: a link to the checked download route
    (uploads are never served from MEDIA_URL) under the name it downloads as."""

    name: str
    url: str


def stored_file(statement: Statement) -> StoredFile | None:
    if not statement.file:
        return None
    extension = statement_file_extension(statement.file.name)
    return StoredFile(
        name=f"statement-{statement.pk}{extension}",
        url=reverse("statement_file", args=[statement.pk]),
    )


class DelegatePortalMixin(UserProcessMixin, PermissionRequiredMixin):
    permission_required = "registry.access_delegate_portal"

    def own_stakeholders(self):
        return Stakeholder.objects.filter(pk__in=stakeholder_ids(self.request.user))


class DelegateStatementMixin(ScopedObjectMixin):
    """``self.statement``: the URL's ``pk`` among the user's own statements (404 for anybody
    else's), after the permission check."""

    permission_required = "registry.access_delegate_portal"
    object_name = "statement"

    def get_queryset(self):
        return Statement.objects.of_user(self.request.user).select_related(
            "meeting__venue", "meeting__process", "stakeholder", "speaker"
        )

    def detail_url(self) -> str:
        return reverse("delegate:statements-detail", args=[self.statement.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statement"] = self.statement
        context["row"] = row = selectors.statement_row(statement=self.statement)
        context["state"] = row.state
        context["process"] = self.statement.meeting.process
        return context


class DelegateStatementListView(DelegatePortalMixin, TemplateView):
    """Every statement of the user's stakeholders, in any state, with the return reasons."""

    template_name = "consultations/statements/delegate_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["process"] = self.get_process()
        context["rows"] = selectors.delegate_statements(
            user=self.request.user, process=context["process"]
        )
        return context


class StatementFormMixin:
    """Builds the statement form for the user's own stakeholders and the current process."""

    submit_label = ""

    def form_process(self):
        """An existing statement stays in its own process; a new one goes to the chosen one."""
        statement = getattr(self, "statement", None)
        return statement.meeting.process if statement is not None else self.get_process()

    def meetings(self):
        process = self.form_process()
        if process is None:
            return Meeting.objects.none()
        return (
            Meeting.objects.filter(process=process)
            .exclude(status=MeetingStatus.CANCELLED)
            .select_related("venue")
            .order_by("start", "number")
        )

    def build_form(self, *, data=None, files=None, initial=None, stakeholders=None, speakers):
        return StatementForm(
            data,
            files,
            initial=initial,
            stakeholders=stakeholders,
            meetings=self.meetings(),
            speakers=speakers,
            themes=_themes(),
            action=self.request.path,
            submit=self.submit_label,
        )


class DelegateStatementCreateView(StatementFormMixin, DelegatePortalMixin, TemplateView):
    """A new draft for one of the user's stakeholders; another's stakeholder answers 404."""

    template_name = "consultations/statements/delegate_form.html"
    submit_label = gettext_lazy("Save the draft")

    def get_form(self, data=None, files=None) -> StatementForm:
        own = self.own_stakeholders().order_by("name")
        initial = None
        ids = stakeholder_ids(self.request.user)
        if data is None and len(ids) == 1:
            initial = {"stakeholder": next(iter(ids))}  # one Mission: nothing to choose
        return self.build_form(
            data=data,
            files=files,
            initial=initial,
            stakeholders=own,
            speakers=_speakers(own).order_by("family_name", "given_name"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["process"] = self.get_process()
        context["title"] = _("New statement")
        context.setdefault("form", self.get_form())
        return context

    def post(self, request, *args, **kwargs):
        raw = request.POST.get("stakeholder")
        if raw:
            try:
                get_object_or_404(self.own_stakeholders(), pk=int(raw))
            except ValueError:
                raise Http404 from None
        form = self.get_form(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                statement = services.statement_create(
                    actor=request.user,
                    stakeholder=data["stakeholder"],
                    meeting=data["meeting"],
                    title=data["title"],
                    language=data["language"],
                    text=data["text"],
                    file=data["file"] or None,
                    speaker=data["speaker"],
                    speaker_post=data["speaker_post"],
                    themes=data["themes"],
                    embargo_until=data["embargo_until"],
                )
            except PermissionDenied:
                raise Http404 from None
            except services.StatementError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("The draft “%(title)s” is saved. Submit it when it is ready.")
                    % {"title": statement.title},
                )
                return HttpResponseRedirect(
                    reverse("delegate:statements-detail", args=[statement.pk])
                )
        return self.render_to_response(self.get_context_data(form=form))


class DelegateStatementDetailView(DelegateStatementMixin, TemplateView):
    """One statement with its state, the Secretariat's reason for a return, and what the
    delegation may still do with it."""

    template_name = "consultations/statements/delegate_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["themes"] = list(self.statement.themes.select_related("parent"))
        context["submit_form"] = ActionForm(
            action=reverse("delegate:statements-submit", args=[self.statement.pk]),
            submit=_("Submit to the Secretariat"),
            name="submit",
        )
        return context


class DelegateStatementEditView(StatementFormMixin, DelegateStatementMixin, TemplateView):
    """Change a draft or returned statement before the meeting's deadline."""

    template_name = "consultations/statements/delegate_form.html"
    submit_label = gettext_lazy("Save the changes")

    def refusal(self) -> str | None:
        try:
            services.statement_check_editable(
                actor=self.request.user, statement=self.statement, at=timezone.now()
            )
        except services.StatementError as error:
            return str(error)
        return None

    def get_form(self, data=None, files=None) -> StatementForm:
        statement = self.statement
        initial = {
            "stakeholder": statement.stakeholder,
            "meeting": statement.meeting_id,
            "speaker": statement.speaker_id,
            "speaker_post": statement.speaker_post,
            "language": statement.language,
            "title": statement.title,
            "text": statement.text,
            "file": stored_file(statement),
            "themes": list(statement.themes.values_list("pk", flat=True)),
            "embargo_until": embargo_initial(
                statement.embargo_until, statement.meeting.venue.tzinfo
            ),
        }
        return self.build_form(
            data=data,
            files=files,
            initial=initial,
            speakers=_speakers([statement.stakeholder_id]).order_by("family_name", "given_name"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Change the statement")
        return context

    def get(self, request, *args, **kwargs):
        refusal = self.refusal()
        if refusal:
            messages.error(request, refusal)
            return HttpResponseRedirect(self.detail_url())
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST, request.FILES)
        if form.is_valid():
            data = {
                name: value
                for name, value in form.cleaned_data.items()
                if name in services.UPDATABLE_FIELDS
                and (name != "file" or "file" in form.changed_data)
            }
            try:
                services.statement_update(actor=request.user, statement=self.statement, data=data)
            except PermissionDenied:
                raise Http404 from None
            except services.StatementError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The changes are saved."))
                return HttpResponseRedirect(self.detail_url())
        return self.render_to_response(self.get_context_data(form=form))


class DelegateStatementActionView(DelegateStatementMixin, ActionView):
    """An action on the statement; a refusal shows as a message on the statement's page."""

    refusals = (services.StatementError,)
    errors_as_messages = True
    action_name = ""

    def get_form(self, form_class=None) -> ActionForm:
        return ActionForm(
            **self.get_form_kwargs(), action=self.request.path, submit="", name=self.action_name
        )

    def get_failure_url(self) -> str:
        return self.detail_url()

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except PermissionDenied:
            raise Http404 from None


class DelegateStatementSubmitView(DelegateStatementActionView):
    """POST: submit the statement to the Secretariat."""

    http_method_names = ["post"]
    action_name = "submit"

    def get_success_url(self) -> str:
        return self.detail_url()

    def perform(self, form) -> str:
        services.statement_submit(actor=self.request.user, statement=self.statement)
        return _("“%(title)s” is submitted. The Secretariat will review it before publishing.") % {
            "title": self.statement.title
        }


class DelegateStatementWithdrawView(DelegateStatementActionView):
    """GET: the confirmation; POST: withdraw. The statement stays in the record."""

    template_name = "consultations/statements/confirm.html"
    action_name = "withdraw"

    def get_form(self, form_class=None) -> ActionForm:
        return ActionForm(
            **self.get_form_kwargs(),
            action=self.request.path,
            submit=_("Withdraw"),
            name=self.action_name,
            css_class="btn-danger",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = _(
            "Withdraw this statement? It will no longer be published or reviewed, but it stays "
            "in the record with all its revisions."
        )
        context["title"] = _("Withdraw the statement")
        context["cancel_url"] = self.detail_url()
        return context

    def get_success_url(self) -> str:
        return reverse("delegate:statements")

    def perform(self, form) -> str:
        services.statement_withdraw(actor=self.request.user, statement=self.statement)
        return _("“%(title)s” is withdrawn. It stays in the record.") % {
            "title": self.statement.title
        }


class DelegateStatementRevisionsView(DelegateStatementMixin, TemplateView):
    """Every saved version: who, when, in what state, which fields changed."""

    template_name = "consultations/statements/delegate_revisions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["revisions"] = selectors.statement_revisions(statement=self.statement)
        return context


class DelegateStatementRevisionView(DelegateStatementMixin, TemplateView):
    """One version compared with the one before it."""

    template_name = "consultations/statements/delegate_revision.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        revisions = selectors.statement_revisions(statement=self.statement)
        index = next(
            (i for i, r in enumerate(revisions) if r.history_id == self.kwargs["history_id"]),
            None,
        )
        if index is None:
            raise Http404
        context["revision"] = revisions[index]
        context["previous"] = revisions[index - 1] if index > 0 else None
        context["next"] = revisions[index + 1] if index + 1 < len(revisions) else None
        return context
