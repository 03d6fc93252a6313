"""The Secretariat's delegations: the list of a process's delegations, registration in bulk, a
delegation's members and head, and the import of a list from a CSV or XLSX file.

Every view needs ``consultations.manage_delegations``. An import shows every row with its errors
before anything is saved; its confirmation carries the rows signed, and saves them all in one
transaction or none.
"""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from consultations import delegations_import
from consultations.forms.delegations import (
    BulkRegisterForm,
    ImportConfirmForm,
    ImportUploadForm,
    MemberAddForm,
    MemberForm,
    import_payload,
)
from consultations.models import Delegation, DelegationMember, Process
from consultations.selectors import delegations as selectors
from consultations.services import delegations as services
from consultations.views.base import ActionView, ScopedObjectMixin, UserProcessMixin
from registry.choices import StakeholderKind
from registry.models import Person, RegionalGroup

NAMES_SHOWN = 20  # skipped stakeholders named in the message; the rest are counted


def list_url(process: Process) -> str:
    return f"{reverse('secretariat:delegations')}?{urlencode({'process': process.slug})}"


def _names(stakeholders) -> str:
    names = [s.name for s in stakeholders[:NAMES_SHOWN]]
    rest = len(stakeholders) - len(names)
    text = ", ".join(names)
    if rest:
        text += " " + ngettext("and %(n)d other", "and %(n)d others", rest) % {"n": rest}
    return text


class SecretariatDelegationsMixin(UserProcessMixin, PermissionRequiredMixin):
    """The Secretariat's delegation pages, one process at a time (the switcher's)."""

    permission_required = "consultations.manage_delegations"

    def get_process(self) -> Process:
        process = super().get_process()
        if process is None:
            raise Http404
        return process


def register_form(process: Process, data=None) -> BulkRegisterForm:
    groups = [(g.pk, g.name) for g in RegionalGroup.objects.order_by("order", "name")]
    return BulkRegisterForm(
        data,
        groups=groups,
        action=reverse("secretariat:delegations-register"),
        initial={"process": process.slug, "as_of": process.start_date},
    )


class DelegationsView(SecretariatDelegationsMixin, TemplateView):
    """The process's delegations (head, members and their posts), bulk registration, import."""

    template_name = "consultations/delegations/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = self.get_process()
        kind = self.request.GET.get("kind", "")
        if kind not in StakeholderKind.values:
            kind = ""
        context.update(
            process=process,
            delegations=selectors.process_delegations(process=process, kind=kind),
            counts=selectors.delegation_counts(process=process),
            kind=kind,
            kinds=StakeholderKind.choices,
            register_form=register_form(process),
            import_url=f"{reverse('secretariat:delegations-import')}?"
            f"{urlencode({'process': process.slug})}",
        )
        return context


class DelegationsRegisterView(SecretariatDelegationsMixin, ActionView):
    """All Member States, a regional group's, or all observers, in one action."""

    http_method_names = ["post"]
    form_class = BulkRegisterForm
    errors_as_messages = True

    @cached_property
    def process(self) -> Process:
        return self.get_process()

    def get_form(self, form_class=None):
        return register_form(self.process, self.request.POST)

    def get_success_url(self) -> str:
        return list_url(self.process)

    def perform(self, form) -> str:
        group = None
        if form.cleaned_data["regional_group"]:
            group = RegionalGroup.objects.filter(pk=form.cleaned_data["regional_group"]).first()
            if group is None:
                raise Http404
        report = services.delegations_register_bulk(
            actor=self.request.user,
            process=self.process,
            scope=form.cleaned_data["scope"],
            as_of=form.cleaned_data["as_of"],
            regional_group=group,
        )
        if report.skipped:
            messages.info(
                self.request,
                ngettext(
                    "%(n)d already registered, skipped: %(names)s.",
                    "%(n)d already registered, skipped: %(names)s.",
                    len(report.skipped),
                )
                % {"n": len(report.skipped), "names": _names(report.skipped)},
            )
        return ngettext(
            "%(n)d delegation registered.", "%(n)d delegations registered.", len(report.created)
        ) % {"n": len(report.created)}


# --- One delegation ---------------------------------------------------------------------------
class DelegationMixin(ScopedObjectMixin):
    """``self.delegation``: the URL's ``delegation_id``, any process's (the Secretariat's)."""

    permission_required = "consultations.manage_delegations"
    object_name = "delegation"
    pk_url_kwarg = "delegation_id"

    def get_queryset(self):
        return Delegation.objects.select_related("process", "stakeholder__regional_group", "head")

    def detail_url(self) -> str:
        return reverse("secretariat:delegation", args=[self.delegation.pk])

    def member_choices(self) -> list[tuple[int, str]]:
        return [(m.pk, str(m.person)) for m in self.delegation.members.select_related("person")]


class DelegationView(DelegationMixin, TemplateView):
    """A delegation: its head, its members with their posts; add, remove, name the head."""

    template_name = "consultations/delegations/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = selectors.delegation_detail(delegation=self.delegation)
        choices = [(m.pk, str(m.person)) for m in members]
        rows = []
        for member in members:
            rows.append(
                (
                    member,
                    MemberForm(
                        members=choices,
                        initial={"member": member.pk},
                        action=reverse("secretariat:delegation-head", args=[self.delegation.pk]),
                        submit=_("Make head"),
                        name=f"head-{member.pk}",
                    ),
                    MemberForm(
                        members=choices,
                        initial={"member": member.pk},
                        action=reverse(
                            "secretariat:delegation-member-remove", args=[self.delegation.pk]
                        ),
                        submit=_("Remove"),
                        name=f"remove-{member.pk}",
                        css_class="btn-outline-danger btn-sm",
                    ),
                )
            )
        context.update(
            delegation=self.delegation,
            process=self.delegation.process,
            rows=rows,
            add_form=MemberAddForm(
                persons=selectors.person_choices(),
                action=reverse("secretariat:delegation-member-add", args=[self.delegation.pk]),
            ),
            list_url=list_url(self.delegation.process),
        )
        return context


class MemberAddView(DelegationMixin, ActionView):
    http_method_names = ["post"]
    refusals = (services.DelegationError,)
    errors_as_messages = True

    def get_form(self, form_class=None):
        return MemberAddForm(
            self.request.POST, persons=selectors.person_choices(), action=self.request.path
        )

    def get_success_url(self) -> str:
        return self.detail_url()

    def perform(self, form) -> str:
        person = get_object_or_404(Person, pk=form.cleaned_data["person"])
        services.delegation_member_add(
            actor=self.request.user,
            delegation=self.delegation,
            person=person,
            post=form.cleaned_data["post"],
            rank=form.cleaned_data["rank"],
        )
        return _("%(person)s is a member of the delegation.") % {"person": person}


class MemberActionView(DelegationMixin, ActionView):
    """A posted ``member`` of this delegation (another's answers 404), then ``act(member)``."""

    http_method_names = ["post"]
    refusals = (services.DelegationError,)
    errors_as_messages = True
    submit = ""

    def get_form(self, form_class=None):
        return MemberForm(
            self.request.POST,
            members=self.member_choices(),
            action=self.request.path,
            submit=self.submit,
            name="member",
        )

    def get_success_url(self) -> str:
        return self.detail_url()

    def perform(self, form) -> str:
        member = get_object_or_404(
            DelegationMember.objects.select_related("person", "delegation"),
            pk=form.cleaned_data["member"],
            delegation=self.delegation,
        )
        return self.act(member)

    def act(self, member: DelegationMember) -> str:
        raise NotImplementedError


class MemberRemoveView(MemberActionView):
    def act(self, member: DelegationMember) -> str:
        services.delegation_member_remove(actor=self.request.user, member=member)
        return _("%(person)s is no longer a member of the delegation.") % {"person": member.person}


class HeadSetView(MemberActionView):
    def act(self, member: DelegationMember) -> str:
        services.delegation_head_set(actor=self.request.user, member=member)
        return _("%(person)s heads the delegation.") % {"person": member.person}


# --- Import from a file ---------------------------------------------------------------------------
class DelegationsImportView(SecretariatDelegationsMixin, TemplateView):
    """Upload a file; the answer is the preview of every row with its errors."""

    template_name = "consultations/delegations/import.html"

    def action(self) -> str:
        return f"{reverse('secretariat:delegations-import')}?" + urlencode(
            {"process": self.get_process().slug}
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = self.get_process()
        context.setdefault("form", ImportUploadForm(action=self.action()))
        context.update(process=process, list_url=list_url(process))
        return context

    def preview(self, plan: delegations_import.ImportPlan, **kwargs):
        process = self.get_process()
        confirm = None
        if plan.valid:
            confirm = ImportConfirmForm(
                process_pk=process.pk,
                action=reverse("secretariat:delegations-import-confirm"),
                initial={
                    "process": process.slug,
                    "payload": import_payload(process_pk=process.pk, rows=plan.rows),
                },
            )
        return self.render_to_response(
            self.get_context_data(
                plan=plan, confirm_form=confirm, action_labels=delegations_import.ACTION_LABELS
            )
        )

    def post(self, request, *args, **kwargs):
        form = ImportUploadForm(request.POST, request.FILES, action=self.action())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        plan = delegations_import.import_rows_check(process=self.get_process(), rows=form.rows)
        return self.preview(plan)


class DelegationsImportConfirmView(DelegationsImportView):
    """Save the previewed rows, all or none; a row that went bad since shows the preview again."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        process = self.get_process()
        form = ImportConfirmForm(request.POST, process_pk=process.pk, action=request.path)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return HttpResponseRedirect(self.action())
        try:
            report = services.delegations_import(
                actor=request.user, process=process, rows=form.rows
            )
        except services.DelegationImportError as error:
            messages.error(request, str(error))
            return self.preview(error.plan)
        messages.success(
            request,
            _(
                "Saved. New delegations: %(delegations)d; members added: %(added)d; "
                "members updated: %(updated)d; heads of delegation named: %(heads)d."
            )
            % {
                "delegations": report.delegations_created,
                "added": report.members_added,
                "updated": report.members_updated,
                "heads": report.heads_set,
            },
        )
        return HttpResponseRedirect(list_url(process))


class ImportTemplateView(PermissionRequiredMixin, View):
    """The template file to fill in, as CSV or XLSX (``file_format``)."""

    permission_required = "consultations.manage_delegations"
    file_format = "csv"

    def get(self, request, *args, **kwargs):
        content = delegations_import.import_template(file_format=self.file_format)
        content_type = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if self.file_format == "xlsx"
            else "text/csv; charset=utf-8"
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="delegations-template.{self.file_format}"'
        )
        return response
