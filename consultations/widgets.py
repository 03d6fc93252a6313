"""Form widgets of the consultation's pages."""

from collections.abc import Iterable

from django import forms
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe


def options_html(options: Iterable[tuple[object, object, bool]]) -> SafeString:
    """``<option>`` elements for (value, label, selected) triples, written in Python: hundreds
    of options cost a template each otherwise."""
    return mark_safe(
        "".join(
            f'<option value="{"" if value is None else escape(value)}"'
            f'{" selected" if selected else ""}>{conditional_escape(label)}</option>'
            for value, label, selected in options
        )
    )


class OptionsSelect(forms.Select):
    """A ``<select>`` whose options are written in Python rather than through one template
    each, as Django's ``Select`` does: the statement filters offer hundreds of options (every
    stakeholder, a process's meetings), and rendering each through a template cost more than
    the rest of the page. The same HTML as ``Select``, with optgroups."""

    template_name = "consultations/widgets/options_select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        parts = []
        for group_name, options, _index in context["widget"]["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.append(options_html((o["value"], o["label"], o["selected"]) for o in options))
            if group_name:
                parts.append(mark_safe("</optgroup>"))
        context["widget"]["options_html"] = mark_safe("".join(parts))
        return context
