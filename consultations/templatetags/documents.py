"""A document symbol (A/61/515) links to the official document: ``{% load documents %}``,
``{{ document.symbol|symbol_link }}``. The address is settings.DOCUMENT_SYMBOL_URL with the
symbol in place of ``{symbol}`` (by default the UN's https://undocs.org/{symbol}); empty, the
symbol shows without a link."""

from urllib.parse import quote

from django import template
from django.conf import settings
from django.utils.html import format_html

register = template.Library()


def symbol_url(symbol: str) -> str:
    """The official document's address for ``symbol``, or "" when none is configured."""
    pattern = getattr(settings, "DOCUMENT_SYMBOL_URL", "")
    if not symbol or not pattern:
        return ""
    return pattern.replace("{symbol}", quote(symbol, safe="/"))


@register.filter
def symbol_link(symbol: str) -> str:
    if not symbol:
        return ""
    url = symbol_url(symbol)
    if not url:
        return format_html('<span class="font-monospace">{}</span>', symbol)
    return format_html(
        '<a class="font-monospace" href="{}" rel="noopener" lang="en">{}</a>', url, symbol
    )
