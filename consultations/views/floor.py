"""Pages of the floor: the Secretariat's desk and its actions, the hall's projector, the event
stream the live pages follow, and the speaking times measured."""

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from consultations import live
from consultations.choices import FloorTurnKind
from consultations.forms.actions import ActionForm
from consultations.forms.floor import OutOfOrderForm, ReasonForm, ReplyForm
from consultations.models import FloorTurn, Inscription, SpeakersList
from consultations.selectors.floor import floor_events, floor_payload, floor_state, turn_who
from consultations.services import floor as services
from consultations.services.speakers import SpeakersError
from consultations.views.base import ActionView
from consultations.views.speakers_lists import SpeakersListMixin
from registry.models import Stakeholder

# The one-button actions: their button, the key that presses it on the desk, the service.
BUTTONS = {
    "next": (gettext_lazy("Call the next speaker"), "n", "btn-primary"),
    "start": (gettext_lazy("Start the timer"), "s", "btn-success"),
    "pause": (gettext_lazy("Pause the timer"), "p", "btn-warning"),
    "stop": (gettext_lazy("Finished: record the time"), "f", "btn-outline-dark"),
    "close": (gettext_lazy("Close the sitting"), "", "btn-outline-danger"),
}
SERVICES = {
    "next": services.floor_call_next,
    "start": services.floor_start,
    "pause": services.floor_pause,
    "stop": services.floor_stop,
    "close": services.floor_close,
}
DONE = {
    "start": gettext_lazy("The timer is running."),
    "pause": gettext_lazy("The timer is paused."),
    "close": gettext_lazy("The sitting is closed."),
}


def delegations(speakers_list: SpeakersList):
    """The stakeholders with a delegation to the list's process, for the floor's forms."""
    return Stakeholder.objects.filter(
        delegations__process_id=speakers_list.meeting.process_id
    ).order_by("name")


class FloorMixin(SpeakersListMixin):
    permission_required = "consultations.manage_speakers"

    def desk_url(self) -> str:
        return reverse("secretariat:floor", args=[self.speakers_list.pk])

    def action_url(self, action: str) -> str:
        return reverse(f"secretariat:floor-{action}", args=[self.speakers_list.pk])


class FloorDeskView(FloorMixin, TemplateView):
    """The Secretariat's desk for one meeting: who has the floor, the timer, who is next, the
    rights of reply, the log; every action a plain form (keys press the common ones)."""

    template_name = "consultations/floor/desk.html"

    def forms(self) -> dict:
        desk = {
            action: ActionForm(
                action=self.action_url(action), submit=label, name=f"floor-{action}", css_class=css
            )
            for action, (label, _key, css) in BUTTONS.items()
        }
        stakeholders = delegations(self.speakers_list)
        desk["skip"] = ReasonForm(
            action=self.action_url("skip"),
            submit=_("Skip"),
            name="floor-skip",
            css_class="btn-outline-secondary",
        )
        desk["defer"] = ReasonForm(
            action=self.action_url("defer"),
            submit=_("Defer"),
            name="floor-defer",
            css_class="btn-outline-secondary",
            with_places=True,
        )
        desk["out_of_order"] = OutOfOrderForm(
            action=self.action_url("out-of-order"),
            submit=_("Give the floor"),
            name="floor-out-of-order",
            css_class="btn-outline-primary",
            stakeholders=stakeholders,
        )
        desk["reply"] = ReplyForm(
            action=self.action_url("reply"),
            submit=_("Add the right of reply"),
            name="floor-reply",
            css_class="btn-outline-primary",
            stakeholders=stakeholders,
        )
        return desk

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = floor_state(speakers_list=self.speakers_list)
        process = self.speakers_list.meeting.process
        context.update(
            speakers_list=self.speakers_list,
            meeting=self.speakers_list.meeting,
            process=process,
            state=state,
            payload=floor_payload(state),
            forms=self.forms(),
            shortcuts=[
                (key, label, f"floor-{action}-submit")
                for action, (label, key, _css) in BUTTONS.items()
                if key
            ],
            events=floor_events(floor=state.floor),
            call_url=self.action_url("call"),
            events_url=events_url(self.speakers_list.meeting.slug, translation.get_language()),
            withdraw_url_name="secretariat:floor-reply-withdraw",
        )
        return context


class FloorActionView(FloorMixin, ActionView):
    """One action at the floor, posted from the desk; a refusal shows there as a message."""

    action = ""
    refusals = (SpeakersError,)
    errors_as_messages = True
    http_method_names = ["post"]

    def get_success_url(self) -> str:
        return self.desk_url()

    def get_form(self, form_class=None):
        kwargs = {**self.get_form_kwargs(), "action": self.request.path, "submit": "", "name": "f"}
        if self.action in ("skip", "defer"):
            return ReasonForm(**kwargs, with_places=self.action == "defer")
        if self.action == "out-of-order":
            return OutOfOrderForm(**kwargs, stakeholders=delegations(self.speakers_list))
        if self.action == "reply":
            return ReplyForm(**kwargs, stakeholders=delegations(self.speakers_list))
        return ActionForm(**kwargs)

    def perform(self, form) -> str:
        actor, speakers_list = self.request.user, self.speakers_list
        data = form.cleaned_data
        if self.action == "skip":
            turn = services.floor_skip(
                actor=actor, speakers_list=speakers_list, reason=data["reason"]
            )
            return _("%(who)s is skipped.") % {"who": turn.inscription.stakeholder}
        if self.action == "defer":
            turn = services.floor_defer(
                actor=actor,
                speakers_list=speakers_list,
                reason=data["reason"],
                places=data.get("places") or 1,
            )
            return _("%(who)s will speak later.") % {"who": turn.inscription.stakeholder}
        if self.action == "out-of-order":
            turn = services.floor_out_of_order(
                actor=actor,
                speakers_list=speakers_list,
                kind=data["kind"],
                stakeholder=data["stakeholder"],
                speaker_name=data["speaker_name"],
            )
            return _("The floor is given out of order: %(what)s.") % {
                "what": FloorTurnKind(turn.kind).label
            }
        if self.action == "reply":
            turn = services.floor_reply_add(
                actor=actor, speakers_list=speakers_list, stakeholder=data["stakeholder"]
            )
            return _("Right of reply %(number)s of %(who)s added, %(minutes)s minutes.") % {
                "number": turn.reply_number,
                "who": turn.stakeholder,
                "minutes": turn.limit_seconds // 60,
            }
        if self.action == "call":
            inscription = get_object_or_404(
                Inscription, pk=self.request.POST.get("inscription"), speakers_list=speakers_list
            )
            turn = services.floor_call_next(
                actor=actor, speakers_list=speakers_list, inscription=inscription
            )
            return _("%(who)s has the floor.") % {"who": turn.stakeholder}
        turn = SERVICES[self.action](actor=actor, speakers_list=speakers_list)
        if self.action in ("next",):
            return _("%(who)s has the floor.") % {"who": turn.stakeholder}
        if self.action == "stop":
            return _("%(who)s spoke for %(seconds)s seconds.") % {
                "who": turn_who(turn),
                "seconds": turn.spoken_seconds,
            }
        return str(DONE[self.action])


class FloorReplyWithdrawView(FloorMixin, ActionView):
    """Withdraw a right of reply that waits (posted from the desk)."""

    refusals = (SpeakersError,)
    errors_as_messages = True
    http_method_names = ["post"]

    def get_success_url(self) -> str:
        return self.desk_url()

    def get_form(self, form_class=None):
        return ActionForm(
            **self.get_form_kwargs(), action=self.request.path, submit="", name="withdraw"
        )

    def perform(self, form) -> str:
        turn = get_object_or_404(
            FloorTurn,
            pk=self.kwargs["pk"],
            floor__speakers_list=self.speakers_list,
            kind=FloorTurnKind.REPLY,
        )
        services.floor_reply_withdraw(actor=self.request.user, turn=turn)
        return _("The right of reply of %(who)s is withdrawn.") % {"who": turn.stakeholder}


def meeting_list_or_404(slug: str) -> SpeakersList:
    speakers_list = (
        SpeakersList.objects.select_related("meeting__process", "meeting__venue")
        .filter(meeting__slug=slug)
        .first()
    )
    if speakers_list is None:
        raise Http404(_("This meeting has no speakers list."))
    return speakers_list


class ProjectorView(TemplateView):
    """The hall's screen: who has the floor, the time left, the next five; in the language of
    ``?lang=`` (else the visitor's), right to left in Arabic. Public, as the list is."""

    template_name = "consultations/floor/projector.html"

    def get(self, request, *args, **kwargs):
        speakers_list = meeting_list_or_404(kwargs["slug"])
        language = translation.get_language()  # ?lang= first (the locale middleware)
        with translation.override(language):
            state = floor_state(speakers_list=speakers_list)
            response = self.render_to_response(
                self.get_context_data(
                    speakers_list=speakers_list,
                    meeting=speakers_list.meeting,
                    state=state,
                    payload=floor_payload(state),
                    language=language,
                    events_url=events_url(speakers_list.meeting.slug, language),
                )
            )
            response.render()
        response.headers["Content-Language"] = language
        return response


def events_url(slug: str, language: str) -> str:
    return reverse("floor-events", args=[slug]) + f"?lang={language}"


async def floor_events_view(request, slug: str):
    """The floor of the meeting ``slug`` as server-sent events (consultations/live.py)."""
    speakers_list = await live.speakers_list_of_meeting(slug)
    if speakers_list is None:
        raise Http404(_("This meeting has no speakers list."))
    response = StreamingHttpResponse(
        live.floor_stream(speakers_list_id=speakers_list, language=translation.get_language()),
        content_type="text/event-stream; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache, no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response
