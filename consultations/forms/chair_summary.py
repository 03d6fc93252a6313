"""Forms of the Chair's summary pages: the new draft, its symbol and title, a section."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from consultations.choices import Language
from consultations.forms.actions import post_form_helper
from consultations.models import ChairSummary, ChairSummarySection, Meeting

ORDER_MAX = 32767  # a PositiveSmallIntegerField's


class ChairSummaryCreateForm(forms.Form):
    """A new draft: its symbol, title and language; with the usual outline of sections."""

    process = forms.SlugField(widget=forms.HiddenInput)
    symbol = forms.CharField(label=_("Document symbol"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=300)
    language = forms.ChoiceField(
        label=_("Language"), choices=Language.choices, initial=Language.ENGLISH
    )
    outline = forms.BooleanField(
        label=_(
            "Start with a section for the opening, each round table, the Forum and the follow-up"
        ),
        required=False,
        initial=True,
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = post_form_helper(
            action=action, submit=_("Start the draft"), name="chair-summary-create"
        )


class ChairSummaryForm(forms.ModelForm):
    """A draft's symbol and title."""

    class Meta:
        model = ChairSummary
        fields = ["symbol", "title"]

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = post_form_helper(action=action, submit=_("Save"), name="chair-summary")


class ChairSummarySectionForm(forms.ModelForm):
    """A section of a draft; its figure references are checked by the model (an unknown name
    is an error on the text)."""

    class Meta:
        model = ChairSummarySection
        fields = ["order", "kind", "heading", "meeting", "presented_by", "presenters", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args, action: str, submit: str, name: str = "section", **kwargs):
        super().__init__(*args, **kwargs)
        process_id = self.instance.summary.process_id
        self.fields["meeting"].queryset = Meeting.objects.filter(process_id=process_id)
        # The column's range, also where the database does not say it (SQLite).
        self.fields["order"].validators.append(MaxValueValidator(ORDER_MAX))
        self.fields["order"].widget.attrs["max"] = ORDER_MAX
        self.helper = post_form_helper(action=action, submit=submit, name=name)
