"""Pages of speakers lists: the delegate's inscriptions, the Secretariat's management."""

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

from consultations.choices import InscriptionStatus, SpeakersListState
from consultations.forms.actions import ActionForm
from consultations.forms.speakers import (
    InscriptionForm,
    LevelRefuseForm,
    MoveForm,
    ReorderForm,
    SpokeForm,
)
from consultations.models import Inscription
from consultations.selectors import speakers as selectors
from consultations.selectors.programme import processes_for_user
from consultations.services import speaker_levels
from consultations.services import speakers as services
from consultations.views import speakers_lists
from consultations.views.base import ActionView, ScopedObjectMixin, UserProcessMixin
from consultations.views.speakers_lists import SpeakersListMixin
from registry.models import Person, Stakeholder
from registry.permissions import stakeholder_ids


# --- delegate -----------------------------------------------------------------------------------
class DelegateSpeakersIndexView(UserProcessMixin, PermissionRequiredMixin, TemplateView):
    """The process's speakers lists, open or closed, and the user's inscriptions on them."""

    permission_required = "registry.access_delegate_portal"
    template_name = "consultations/speakers/delegate_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = self.get_process()
        context["process"] = process
        if process is not None:
            context.update(selectors.delegate_context(user=self.request.user, process=process))
        return context


class DelegateInscribeView(SpeakersListMixin, TemplateView):
    """Inscribe one of the user's own stakeholders; another's answers 404."""

    permission_required = "registry.access_delegate_portal"
    template_name = "consultations/speakers/delegate_inscribe.html"

    def get_queryset(self):
        # Only the processes the user may choose: another process's list is a 404.
        return (
            super()
            .get_queryset()
            .filter(meeting__process__in=processes_for_user(user=self.request.user))
        )

    def own_stakeholders(self):
        return Stakeholder.objects.filter(pk__in=stakeholder_ids(self.request.user))

    def chosen_stakeholder(self, data) -> Stakeholder | None:
        """The stakeholder named in the request, among the user's own: another's is a 404."""
        raw = data.get("stakeholder")
        if not raw:
            return None
        try:
            pk = int(raw)
        except ValueError:
            raise Http404 from None
        return get_object_or_404(self.own_stakeholders(), pk=pk)

    def get_form(self, data=None, initial=None) -> InscriptionForm:
        own = self.own_stakeholders()
        return InscriptionForm(
            data,
            initial=initial,
            stakeholders=own.order_by("name"),
            speakers=selectors.delegation_speakers(
                process=self.speakers_list.meeting.process, stakeholders=own
            ),
            action=self.request.path,
        )

    def closed_message(self) -> str | None:
        if self.request.user.has_perm("consultations.manage_speakers"):
            return None
        try:
            services.speakers_list_check_open(speakers_list=self.speakers_list, at=timezone.now())
        except services.SpeakersError as error:
            return str(error)
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["speakers_list"] = self.speakers_list
        context["meeting"] = self.speakers_list.meeting
        context["process"] = self.speakers_list.meeting.process
        context.setdefault("closed_message", self.closed_message())
        return context

    def get(self, request, *args, **kwargs):
        stakeholder = self.chosen_stakeholder(request.GET)
        own = stakeholder_ids(request.user)
        if stakeholder is None and len(own) == 1:
            stakeholder = next(iter(own))  # the usual case: one Mission, nothing to choose
        form = self.get_form(initial={"stakeholder": stakeholder} if stakeholder else None)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.chosen_stakeholder(request.POST)
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                inscription = services.inscription_create(
                    actor=request.user,
                    speakers_list=self.speakers_list,
                    stakeholder=form.cleaned_data["stakeholder"],
                    speaker=form.cleaned_data["speaker"],
                    speaker_name=form.cleaned_data["speaker_name"],
                    speaker_post=form.cleaned_data["speaker_post"],
                    level=form.cleaned_data["level"],
                )
            except PermissionDenied:
                raise Http404 from None
            except services.InvalidSpeaker as error:
                form.add_error("speaker", str(error))
            except services.SpeakersError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("%(name)s is inscribed on the speakers list of %(meeting)s.")
                    % {
                        "name": form.cleaned_data["stakeholder"],
                        "meeting": self.speakers_list.meeting,
                    },
                )
                if inscription.level_request_pending:
                    messages.info(request, level_pending_message(inscription))
                return HttpResponseRedirect(reverse("delegate:speakers"))
        return self.render_to_response(self.get_context_data(form=form))


def level_pending_message(inscription: Inscription) -> str:
    return _(
        "Requested level: %(requested)s, pending confirmation by the Secretariat. Until then "
        "the list places the speaker at the registered level: %(level)s."
    ) % {
        "requested": inscription.get_requested_level_display(),
        "level": inscription.get_level_display(),
    }


class InscriptionConfirmView(ScopedObjectMixin, ActionView):
    """A GET confirmation page and the POST that acts, on an inscription of a scoped set; a
    refusal shows as a message on the page it goes back to."""

    template_name = "consultations/speakers/confirm.html"
    object_name = "inscription"
    refusals = (services.SpeakersError,)
    errors_as_messages = True
    submit_label = ""
    question = ""
    success_url_name = ""

    def get_queryset(self):
        return Inscription.objects.select_related(
            "stakeholder", "speaker", "speakers_list__meeting__venue"
        )

    def get_success_url(self) -> str:
        return reverse(self.success_url_name)

    def get_form(self, form_class=None) -> ActionForm:
        return ActionForm(
            **self.get_form_kwargs(),
            action=self.request.path,
            submit=self.submit_label,
            name="confirm",
            css_class="btn-danger",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["inscription"] = self.inscription
        context["question"] = self.question
        context["title"] = self.submit_label
        context["cancel_url"] = self.get_success_url()
        return context


class DelegateWithdrawView(InscriptionConfirmView):
    permission_required = "registry.access_delegate_portal"
    submit_label = gettext_lazy("Withdraw")
    question = gettext_lazy("Withdraw this speaker from the list? The place is given up.")
    success_url_name = "delegate:speakers"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(stakeholder_id__in=stakeholder_ids(self.request.user))
            .exclude(status=InscriptionStatus.WITHDRAWN)
        )

    def perform(self, form) -> str:
        services.inscription_withdraw(actor=self.request.user, inscription=self.inscription)
        return _("%(name)s is withdrawn from the speakers list.") % {
            "name": self.inscription.stakeholder
        }


# --- Secretariat --------------------------------------------------------------------------------
class SecretariatSpeakersIndexView(UserProcessMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "consultations.manage_speakers"
    template_name = "consultations/speakers/secretariat_index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = self.get_process()
        context["process"] = process
        states = selectors.process_speakers_lists(process=process) if process else []
        back = self.request.get_full_path()
        context["speakers_lists"] = states
        context["rows"] = [
            (state, speakers_lists.state_actions(state.speakers_list, state.state, back=back))
            for state in states
        ]
        return context


class SecretariatSpeakersListView(SpeakersListMixin, TemplateView):
    """The list in order with expected times, the forms that change it, the moves made."""

    permission_required = "consultations.manage_speakers"
    template_name = "consultations/speakers/secretariat_list.html"

    def url(self, name: str) -> str:
        return reverse(f"secretariat:speakers-{name}", args=[self.speakers_list.pk])

    def build_forms(self, detail, bound: dict) -> dict:
        meeting = self.speakers_list.meeting
        choices = [
            (row.inscription.pk, f"{row.place}. {row.inscription.stakeholder}")
            for row in detail.rows
        ]
        waiting = [row for row in detail.rows if not row.spoke]
        next_row = waiting[0] if waiting else None
        forms = {
            "inscribe_form": InscriptionForm(
                initial={},
                stakeholders=Stakeholder.objects.order_by("name"),
                speakers=Person.objects.order_by("family_name", "given_name"),
                action=self.url("inscribe"),
            ),
            "move_form": MoveForm(choices=choices, action=self.url("move")),
            "spoke_form": SpokeForm(
                initial={
                    "inscription": next_row.inscription.pk if next_row else None,
                    # naive: the widget shows it as typed, in the venue's time zone
                    "spoke_at": next_row.expected_local.replace(tzinfo=None) if next_row else None,
                },
                choices=choices,
                tz=meeting.venue.tzinfo,
                action=self.url("spoke"),
            ),
            "reorder_form": ReorderForm(action=self.url("reorder")),
        }
        forms.update(bound)
        return forms

    def get_context_data(self, **kwargs):
        bound = kwargs.pop("bound", {})
        context = super().get_context_data(**kwargs)
        detail = selectors.speakers_list_detail(speakers_list=self.speakers_list, with_moves=True)
        context["speakers"] = detail
        context["speakers_list"] = self.speakers_list
        context["meeting"] = self.speakers_list.meeting
        context["process"] = self.speakers_list.meeting.process
        state = self.speakers_list.state_at(timezone.now())
        context["state"] = state
        context["is_open"] = state == SpeakersListState.OPEN
        context["state_actions"] = speakers_lists.state_actions(
            self.speakers_list, state, back=self.url("detail")
        )
        context["state_changes"] = selectors.speakers_list_changes(speakers_list=self.speakers_list)
        context.update(self.build_forms(detail, bound))
        return context


class SecretariatActionView(ActionView, SecretariatSpeakersListView):
    """POST only: validate ``form_name``'s form, ``perform`` the change, back to the list page;
    an invalid or refused form shows on the list page."""

    http_method_names = ["post"]
    refusals = (services.SpeakersError,)
    form_name = ""

    def get_success_url(self) -> str:
        return self.url("detail")

    def form_invalid(self, form):
        # The list page renders each of its forms by name: the bound one replaces its blank.
        return self.render_to_response(
            self.get_context_data(form=form, bound={self.form_name: form})
        )

    def inscription(self, pk: int) -> Inscription:
        return get_object_or_404(
            Inscription.objects.select_related("stakeholder"),
            pk=pk,
            speakers_list=self.speakers_list,
        )

    def choices(self):
        return [
            (pk, f"{position}. {name}")
            for pk, position, name in Inscription.objects.filter(
                speakers_list=self.speakers_list, status__in=InscriptionStatus.on_list()
            )
            .order_by("position")
            .values_list("pk", "position", "stakeholder__name")
        ]


class SecretariatInscribeView(SecretariatActionView):
    form_name = "inscribe_form"

    def get_form(self, form_class=None):
        return InscriptionForm(
            **self.get_form_kwargs(),
            stakeholders=Stakeholder.objects.all(),
            speakers=Person.objects.all(),
            action=self.url("inscribe"),
        )

    def perform(self, form) -> str:
        inscription = services.inscription_create(
            actor=self.request.user,
            speakers_list=self.speakers_list,
            stakeholder=form.cleaned_data["stakeholder"],
            speaker=form.cleaned_data["speaker"],
            speaker_name=form.cleaned_data["speaker_name"],
            speaker_post=form.cleaned_data["speaker_post"],
            level=form.cleaned_data["level"],
        )
        return _("%(name)s is inscribed in place %(place)s.") % {
            "name": inscription.stakeholder,
            "place": inscription.position,
        }


class SecretariatMoveView(SecretariatActionView):
    form_name = "move_form"

    def get_form(self, form_class=None):
        return MoveForm(**self.get_form_kwargs(), choices=self.choices(), action=self.url("move"))

    def perform(self, form) -> str:
        inscription = self.inscription(form.cleaned_data["inscription"])
        move = services.inscription_move(
            actor=self.request.user,
            inscription=inscription,
            to_position=form.cleaned_data["to_position"],
            reason=form.cleaned_data["reason"],
        )
        return _("%(name)s is moved from place %(from)s to place %(to)s.") % {
            "name": inscription.stakeholder,
            "from": move.from_position,
            "to": move.to_position,
        }


class SecretariatSpokeView(SecretariatActionView):
    form_name = "spoke_form"

    def get_form(self, form_class=None):
        return SpokeForm(
            **self.get_form_kwargs(),
            choices=self.choices(),
            tz=self.speakers_list.meeting.venue.tzinfo,
            action=self.url("spoke"),
        )

    def perform(self, form) -> str:
        inscription = self.inscription(form.cleaned_data["inscription"])
        services.inscription_mark_spoke(
            actor=self.request.user,
            inscription=inscription,
            spoke_at=form.cleaned_data["spoke_at"],
            seconds=form.cleaned_data["duration"],
        )
        return _("%(name)s spoke for %(duration)s.") % {
            "name": inscription.stakeholder,
            "duration": selectors.format_seconds(form.cleaned_data["duration"]),
        }


class SecretariatReorderView(SecretariatActionView):
    form_name = "reorder_form"

    def get_form(self, form_class=None):
        return ReorderForm(**self.get_form_kwargs(), action=self.url("reorder"))

    def perform(self, form) -> str:
        moves = services.speakers_list_reorder_by_protocol(
            actor=self.request.user,
            speakers_list=self.speakers_list,
            reason=form.cleaned_data["reason"],
        )
        return _("The list is in protocol order: %(n)s speakers moved.") % {"n": len(moves)}


class SecretariatInscriptionConfirmView(InscriptionConfirmView):
    permission_required = "consultations.manage_speakers"

    def get_success_url(self) -> str:
        return reverse("secretariat:speakers-detail", args=[self.inscription.speakers_list_id])


class SecretariatWithdrawView(SecretariatInscriptionConfirmView):
    submit_label = gettext_lazy("Withdraw")
    question = gettext_lazy("Withdraw this speaker from the list? The place is given up.")

    def perform(self, form) -> str:
        services.inscription_withdraw(actor=self.request.user, inscription=self.inscription)
        return _("%(name)s is withdrawn from the speakers list.") % {
            "name": self.inscription.stakeholder
        }


class SecretariatUndoSpokeView(SecretariatInscriptionConfirmView):
    submit_label = gettext_lazy("Undo the record")
    question = gettext_lazy(
        "Undo the record that this speaker spoke? The speaker stays in place, as inscribed."
    )

    def perform(self, form) -> str:
        services.inscription_unmark_spoke(actor=self.request.user, inscription=self.inscription)
        return _("The record that %(name)s spoke is undone.") % {
            "name": self.inscription.stakeholder
        }


class SecretariatLevelConfirmView(SecretariatInscriptionConfirmView):
    submit_label = gettext_lazy("Confirm the level")

    def get_form(self, form_class=None) -> ActionForm:
        return ActionForm(
            **self.get_form_kwargs(),
            action=self.request.path,
            submit=self.submit_label,
            name="confirm",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = _(
            "Confirm %(requested)s as this speaker's level? The list orders the speaker at it "
            "from now on; registered: %(level)s."
        ) % {
            "requested": self.inscription.get_requested_level_display() or "—",
            "level": self.inscription.get_level_display(),
        }
        return context

    def perform(self, form) -> str:
        inscription = speaker_levels.inscription_level_confirm(
            actor=self.request.user, inscription=self.inscription
        )
        return _("%(name)s speaks at the level of %(level)s, in place %(place)s.") % {
            "name": inscription.stakeholder,
            "level": inscription.get_level_display(),
            "place": inscription.position,
        }


class SecretariatLevelRefuseView(SecretariatInscriptionConfirmView):
    submit_label = gettext_lazy("Refuse the level")

    def get_form(self, form_class=None) -> LevelRefuseForm:
        return LevelRefuseForm(
            **self.get_form_kwargs(),
            action=self.request.path,
            submit=self.submit_label,
            name="refuse",
            css_class="btn-danger",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = _(
            "Refuse %(requested)s as this speaker's level? The speaker keeps the registered "
            "level, %(level)s, and its place; the delegation sees your reason."
        ) % {
            "requested": self.inscription.get_requested_level_display() or "—",
            "level": self.inscription.get_level_display(),
        }
        return context

    def perform(self, form) -> str:
        speaker_levels.inscription_level_refuse(
            actor=self.request.user,
            inscription=self.inscription,
            reason=form.cleaned_data["reason"],
        )
        return _("The requested level of %(name)s is refused; it keeps place %(place)s.") % {
            "name": self.inscription.stakeholder,
            "place": self.inscription.position,
        }
