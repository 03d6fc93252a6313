"""Template filters and tags of the public navigation."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from consultations.addresses import reverse_each

register = template.Library()


@register.filter
def startswith(value, prefix) -> bool:
    """Whether ``value`` begins with ``prefix`` (False for an empty prefix)."""
    return bool(prefix) and str(value).startswith(str(prefix))


@register.simple_tag
def process_menu(processes, current) -> str:
    """The ``<li>`` of each of ``processes`` (selectors.programme.process_menu) in the
    programme's menu of processes: ``current`` in bold, every other one linked to its
    programme, each with its year. Written here rather than in a loop of the template: a
    template loop over hundreds of processes cost a third of the page."""
    programme_url = reverse_each("p:programme", kwarg="process")
    items = []
    for other in processes:
        label = escape(other)
        if other.pk == current.pk:
            name = f'<strong aria-current="page">{label}</strong>'
        else:
            name = f'<a href="{escape(programme_url(other.slug))}">{label}</a>'
        # The white space around each item is the template loop's, which this replaced; the
        # year is the date filter's "Y" (four digits), without a formatter made for each row.
        items.append(
            f'\n    <li class="list-inline-item">{name} <span class="text-body-secondary small">'
            f"({other.start_date.year:04d})</span></li>\n    "
        )
    return mark_safe("".join(items))
