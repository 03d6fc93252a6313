"""The one-button form: a confirmation, a publish, a submit. Nothing to fill in but where to go
back to (``next``), so that every action view validates a form the same way."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms


def post_form_helper(
    *, action: str = "", submit: str, name: str, css_class: str = "btn-primary"
) -> FormHelper:
    """A POST form to ``action`` with one button; ``name`` keeps its ids unique on a page of
    many forms."""
    helper = FormHelper()
    helper.form_method = "post"
    helper.form_action = action
    helper.form_id = f"{name}-form"
    button = Submit("submit", submit, css_id=f"{name}-submit")
    button.field_classes = f"btn {css_class}"
    helper.add_input(button)
    return helper


class ActionForm(forms.Form):
    """A POST form to ``action`` with only its button; ``name`` keeps its ids unique on a page
    of many such forms."""

    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        action: str,
        submit: str,
        name: str,
        css_class: str = "btn-primary",
        **kwargs,
    ):
        kwargs.setdefault("auto_id", f"{name}_%s")
        super().__init__(*args, **kwargs)
        self.helper = post_form_helper(action=action, submit=submit, name=name, css_class=css_class)
