"""``{% tr obj "field" %}``: a translated field in the page's language, or English marked so.

Where the page's language has no value, the English one is shown inside
``<span lang="en">`` (and ``dir="ltr"`` on a right-to-left page), so that screen readers
pronounce it as English and the layout keeps it left to right. ``"short_name,name"`` takes the
first field with a value, the page's language first: a French page shows a French name before
an English short name.
"""

from django import template
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from registry.collation import DEFAULT_LANGUAGE, page_language

register = template.Library()


def _translated_fields(obj) -> set[str]:
    if not isinstance(obj, models.Model):
        return set()
    try:
        return set(translator.get_options_for_model(type(obj)).fields)
    except NotRegistered:
        return set()


def translation_of(obj, fields: str, *, language: str | None = None) -> tuple[str, bool]:
    """(value, whether it is the English fallback) of the first of ``fields`` with a value."""
    if obj is None:
        return "", False
    language = page_language(language)
    names = [name.strip() for name in fields.split(",") if name.strip()]
    translated = _translated_fields(obj)
    if language != DEFAULT_LANGUAGE:
        for name in names:
            if name in translated:
                value = getattr(obj, build_localized_fieldname(name, language), None)
                if value:
                    return value, False
            elif getattr(obj, name, None):
                return getattr(obj, name), False
    for name in names:
        if name in translated:
            value = getattr(obj, build_localized_fieldname(name, DEFAULT_LANGUAGE), None)
        else:
            value = getattr(obj, name, None)
        if value:
            return value, language != DEFAULT_LANGUAGE and name in translated
    return "", False


def _fallback_attributes() -> str:
    return ' lang="en" dir="ltr"' if get_language_bidi() else ' lang="en"'


@register.simple_tag
def tr(obj, fields: str):
    """The value, inside ``<span lang="en">`` where it is the English fallback."""
    value, fallback = translation_of(obj, fields)
    if not fallback:
        return value
    return format_html("<span{}>{}</span>", mark_safe(_fallback_attributes()), value)


@register.simple_tag
def tr_attrs(obj, fields: str):
    """`` lang="en"`` (and ``dir``) for the element that holds a long field (a description
    shown with ``linebreaks``) where it is the English fallback; nothing otherwise."""
    _value, fallback = translation_of(obj, fields)
    return mark_safe(_fallback_attributes()) if fallback else ""
