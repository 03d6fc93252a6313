"""The admin of translated models: each field's six languages side by side (django-
modeltranslation's TranslationAdmin: "name [en]", "name [fr]"... one under the other), and
which languages still lack a value, on the list and on the form."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from registry.collation import COLLATIONS


def missing_languages(obj) -> list[str]:
    """The languages in which some translated field of ``obj`` that has an English value has
    none, e.g. ["fr", "zh-hans"]."""
    fields = translator.get_options_for_model(type(obj)).fields
    missing = []
    for language in COLLATIONS:
        for field in fields:
            english = getattr(obj, build_localized_fieldname(field, "en"), None)
            if english and not getattr(obj, build_localized_fieldname(field, language), None):
                missing.append(language)
                break
    return missing


class TranslatedAdmin(TranslationAdmin):
    """Mix in first: ``class VenueAdmin(TranslatedAdmin, SimpleHistoryAdmin)``."""

    @admin.display(description=_("missing translations"))
    def missing_translations(self, obj) -> str:
        return ", ".join(missing_languages(obj)) or "—"

    def get_list_display(self, request):
        return [*super().get_list_display(request), "missing_translations"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "missing_translations"]
