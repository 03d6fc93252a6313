"""Forms of the floor: a reason to skip or defer, the floor out of order, a right of reply."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.choices import FloorTurnKind
from consultations.forms.actions import post_form_helper
from registry.models import Stakeholder


class _FloorForm(forms.Form):
    """A form posted from the floor page to ``action``; ``name`` keeps its ids unique."""

    def __init__(self, *args, action: str, submit: str, name: str, css_class="btn-primary", **kw):
        kw.setdefault("auto_id", f"{name}_%s")
        super().__init__(*args, **kw)
        self.helper: FormHelper = post_form_helper(
            action=action, submit=submit, name=name, css_class=css_class
        )


class ReasonForm(_FloorForm):
    """Skip or defer the speaker called: why, and (defer) how many speakers further down."""

    reason = forms.CharField(label=_("Reason"), max_length=300)
    places = forms.IntegerField(
        label=_("Speakers to let go first"), min_value=1, max_value=50, initial=1, required=False
    )

    def __init__(self, *args, with_places: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_places:
            del self.fields["places"]


class OutOfOrderForm(_FloorForm):
    """The floor to the Chair, or to a delegation raising a point of order."""

    kind = forms.ChoiceField(
        label=_("Who takes the floor"),
        choices=[(kind, FloorTurnKind(kind).label) for kind in FloorTurnKind.out_of_order()],
    )
    stakeholder = forms.ModelChoiceField(
        label=_("Delegation (for a point of order)"),
        queryset=Stakeholder.objects.none(),
        required=False,
    )
    speaker_name = forms.CharField(label=_("Speaker's name"), max_length=200, required=False)

    def __init__(self, *args, stakeholders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if stakeholders is not None:
            self.fields["stakeholder"].queryset = stakeholders


class ReplyForm(_FloorForm):
    """A right of reply for a delegation, taken at the end."""

    stakeholder = forms.ModelChoiceField(label=_("Delegation"), queryset=Stakeholder.objects.none())

    def __init__(self, *args, stakeholders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if stakeholders is not None:
            self.fields["stakeholder"].queryset = stakeholders
