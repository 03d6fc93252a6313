"""The Secretariat's actions on a speakers list's state (open, close, reopen, suspend, resume,
its closing time) and the link of a speaker inscribed by name to the registry.

The buttons show on the speakers index and on the list page (``state_actions``); each posts
here and goes back to the page it came from (``next``, a path on this site).
"""

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations.choices import SpeakersListAction, SpeakersListState
from consultations.forms.actions import ActionForm
from consultations.forms.speakers import ClosingForm, SpeakerLinkForm
from consultations.models import Inscription, SpeakersList
from consultations.services import speakers as speakers_services
from consultations.services import speakers_lists as services
from consultations.views.base import ActionView, ScopedObjectMixin
from registry.models import Person

# The button of each action (the history's labels say what was done: "Opened", "Closed").
BUTTONS = {
    SpeakersListAction.OPEN: gettext_lazy("Open now"),
    SpeakersListAction.CLOSE: gettext_lazy("Close now"),
    SpeakersListAction.REOPEN: gettext_lazy("Reopen"),
    SpeakersListAction.SUSPEND: gettext_lazy("Suspend"),
    SpeakersListAction.RESUME: gettext_lazy("Resume"),
    SpeakersListAction.SET_CLOSING: gettext_lazy("Set the closing time"),
}
CSS = {
    SpeakersListAction.CLOSE: "btn-sm btn-outline-danger",
    SpeakersListAction.SUSPEND: "btn-sm btn-outline-dark",
}
SERVICES = {
    SpeakersListAction.OPEN: services.speakers_list_open,
    SpeakersListAction.CLOSE: services.speakers_list_close,
    SpeakersListAction.REOPEN: services.speakers_list_reopen,
    SpeakersListAction.SUSPEND: services.speakers_list_suspend,
    SpeakersListAction.RESUME: services.speakers_list_resume,
}
DONE = {
    SpeakersListAction.OPEN: gettext_lazy("The speakers list of %(meeting)s is open."),
    SpeakersListAction.CLOSE: gettext_lazy("The speakers list of %(meeting)s is closed."),
    SpeakersListAction.REOPEN: gettext_lazy("The speakers list of %(meeting)s is open again."),
    SpeakersListAction.SUSPEND: gettext_lazy("The speakers list of %(meeting)s is suspended."),
    SpeakersListAction.RESUME: gettext_lazy("The speakers list of %(meeting)s is resumed."),
}


class SpeakersListMixin(ScopedObjectMixin):
    """``self.speakers_list``: the URL's ``list_id``, with meeting, venue, process."""

    object_name = "speakers_list"
    pk_url_kwarg = "list_id"

    def get_queryset(self):
        return SpeakersList.objects.select_related("meeting__venue", "meeting__process")


def action_url(speakers_list: SpeakersList, action: str) -> str:
    if action == SpeakersListAction.SET_CLOSING:
        return reverse("secretariat:speakers-closing", args=[speakers_list.pk])
    return reverse(f"secretariat:speakers-{action}", args=[speakers_list.pk])


def state_actions(speakers_list: SpeakersList, state: SpeakersListState, *, back: str) -> list:
    """What the Secretariat may do in ``state``: for each action, a one-button form (or, for
    the closing time, a link to its form), coming back to ``back``."""
    actions = []
    for action in state.actions:
        url = action_url(speakers_list, action)
        if action == SpeakersListAction.SET_CLOSING:
            actions.append({"url": url, "label": BUTTONS[action]})
            continue
        actions.append(
            {
                "form": ActionForm(
                    initial={"next": back},
                    action=url,
                    submit=BUTTONS[action],
                    name=f"{action}-{speakers_list.pk}",
                    css_class=CSS.get(action, "btn-sm btn-outline-primary"),
                )
            }
        )
    return actions


class ListActionMixin(SpeakersListMixin):
    permission_required = "consultations.manage_speakers"
    refusals = (speakers_services.SpeakersError,)

    def detail_url(self) -> str:
        return reverse("secretariat:speakers-detail", args=[self.speakers_list.pk])

    def get_success_url(self) -> str:
        """``next`` if it is a path on this site, else the list's page."""
        candidate = self.request.POST.get("next")
        if candidate and url_has_allowed_host_and_scheme(
            candidate,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return candidate
        return self.detail_url()


class SpeakersListStateView(ListActionMixin, ActionView):
    """POST only: one change of the list's state (``action``); refusals become messages."""

    http_method_names = ["post"]
    errors_as_messages = True
    action: SpeakersListAction | None = None

    def get_form(self, form_class=None):
        return ActionForm(**self.get_form_kwargs(), action="", submit="", name="state")

    def perform(self, form) -> str:
        SERVICES[self.action](actor=self.request.user, speakers_list=self.speakers_list)
        return DONE[self.action] % {"meeting": self.speakers_list.meeting}


class SpeakersListClosingView(ListActionMixin, ActionView):
    """The form of the list's closing time, in the venue's time zone; empty: no closing time."""

    template_name = "consultations/speakers/closing.html"

    def get_form(self, form_class=None):
        return ClosingForm(
            **self.get_form_kwargs(),
            speakers_list=self.speakers_list,
            action=self.request.path,
            submit=BUTTONS[SpeakersListAction.SET_CLOSING],
            name="closing",
        )

    def get_initial(self):
        closes_at = self.speakers_list.closes_at
        tz = self.speakers_list.meeting.venue.tzinfo
        # naive: the widget shows it as typed, in the venue's time zone
        return {"closes_at": closes_at.astimezone(tz).replace(tzinfo=None) if closes_at else None}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["speakers_list"] = self.speakers_list
        context["meeting"] = self.speakers_list.meeting
        context["cancel_url"] = self.detail_url()
        return context

    def perform(self, form) -> str:
        closes_at = form.cleaned_data["closes_at"]
        services.speakers_list_set_closing(
            actor=self.request.user, speakers_list=self.speakers_list, closes_at=closes_at
        )
        if closes_at is None:
            return _("The speakers list of %(meeting)s has no closing time.") % {
                "meeting": self.speakers_list.meeting
            }
        return _("The speakers list of %(meeting)s closes on %(when)s.") % {
            "meeting": self.speakers_list.meeting,
            "when": speakers_services._when(self.speakers_list, closes_at),
        }


class SpeakerLinkView(ScopedObjectMixin, ActionView):
    """Link a speaker inscribed by name (or not named yet) to a person of the registry; an
    inscription whose speaker is in the registry already answers 404."""

    permission_required = "consultations.manage_speakers"
    template_name = "consultations/speakers/speaker_link.html"
    object_name = "inscription"
    refusals = (speakers_services.SpeakersError,)

    def get_queryset(self):
        return Inscription.objects.select_related(
            "stakeholder", "speakers_list__meeting__venue"
        ).filter(speaker__isnull=True)

    def get_success_url(self) -> str:
        return reverse("secretariat:speakers-detail", args=[self.inscription.speakers_list_id])

    def get_form(self, form_class=None):
        return SpeakerLinkForm(
            **self.get_form_kwargs(),
            persons=Person.objects.order_by("family_name", "given_name", "pk"),
            action=self.request.path,
            submit=_("Link the speaker to the registry"),
            name="link",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["inscription"] = self.inscription
        context["cancel_url"] = self.get_success_url()
        return context

    def perform(self, form) -> str:
        person = form.cleaned_data["person"]
        name = self.inscription.speaker_name
        services.inscription_speaker_link(
            actor=self.request.user, inscription=self.inscription, person=person
        )
        return _("“%(name)s” is linked to %(person)s.") % {"name": name, "person": person}
