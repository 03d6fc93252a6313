"""The delegate portal's form to register a webhook."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from consultations.choices import WebhookEvent
from consultations.models.webhooks import WEBHOOK_SCHEMES
from registry.models import Stakeholder


class WebhookForm(forms.Form):
    stakeholder = forms.ModelChoiceField(
        label=_("Delegation"), queryset=Stakeholder.objects.none(), empty_label=None
    )
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=WEBHOOK_SCHEMES)],
        help_text=_("Where each event is sent (POST, JSON, signed)."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def __init__(self, *args, stakeholders, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = stakeholders
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.form_id = "webhook-form"
        self.helper.add_input(Submit("submit", _("Add"), css_id="webhook-submit"))
