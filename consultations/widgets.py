"""Form widgets of the consultation's pages."""

import html
from collections.abc import Iterable

from django import forms
from django.utils.safestring import SafeString, mark_safe


def _escaped(text) -> str:
    # conditional_escape, without its per-call overhead: safe text as it is, the rest escaped.
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


def _option(value, label, selected: bool) -> str:
    value = "" if value is None else str(value)
    selected_attribute = " selected" if selected else ""
    return f'<option value="{html.escape(value)}"{selected_attribute}>{_escaped(label)}</option>'


def options_html(options: Iterable[tuple[object, object, bool]]) -> SafeString:
    """``<option>`` elements for (value, label, selected) triples, written in Python: hundreds
    of options cost a template each otherwise."""
    return mark_safe("".join(_option(*option) for option in options))


class OptionsSelect(forms.Select):
    """A ``<select>`` whose options are written in Python rather than through one template
    each, as Django's ``Select`` does: the statement filters offer hundreds of options (every
    stakeholder, every process), and rendering each through a template (or even building
    Django's option dictionaries and a ``format_html`` each) cost more than the rest of the
    page. The same HTML as ``Select``, with optgroups, and the same choice of the selected
    option (the first whose value is among the values, as ``ChoiceWidget.optgroups``)."""

    template_name = "consultations/widgets/options_select.html"

    def get_context(self, name, value, attrs):
        # Widget's context, not ChoiceWidget's: its optgroups are what this replaces.
        context = forms.Widget.get_context(self, name, value, attrs)
        values = set(context["widget"]["value"])
        has_selected = False
        parts = []
        for group_value, group_label in self.choices:
            if isinstance(group_label, (list, tuple)):
                parts.append(f'<optgroup label="{_escaped(group_value)}">')
                options = group_label
            else:
                options = [(group_value, group_label)]
            for option_value, label in options:
                option_value = "" if option_value is None else str(option_value)
                selected = not has_selected and option_value in values
                has_selected |= selected
                parts.append(_option(option_value, label, selected))
            if isinstance(group_label, (list, tuple)):
                parts.append("</optgroup>")
        context["widget"]["options_html"] = mark_safe("".join(parts))
        return context
