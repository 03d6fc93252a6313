"""Template filters of the public navigation."""

from django import template

register = template.Library()


@register.filter
def startswith(value, prefix) -> bool:
    """Whether ``value`` begins with ``prefix`` (False for an empty prefix)."""
    return bool(prefix) and str(value).startswith(str(prefix))
