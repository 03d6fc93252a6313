"""The six languages of the content, as model fields name them."""

from django.conf import settings


def language_field_suffixes() -> list[str]:
    """ "en", "fr", ..., "zh_hans", "ar": how django-modeltranslation suffixes a field."""
    return [code.replace("-", "_") for code, _label in settings.LANGUAGES]


def translation_fields(*fields: str) -> list[str]:
    """Every language's column of ``fields`` ("name_en", "name_fr"...). The history of a model
    leaves them out (``HistoricalRecords(excluded_fields=...)``): its historical model is made
    before the columns are added, and it keeps the field itself, as saved."""
    return [f"{field}_{suffix}" for field in fields for suffix in language_field_suffixes()]


def in_every_language(model, fields) -> tuple[str, ...]:
    """``fields`` (lookups from ``model``, across relations) with each translated field's
    every language: a search finds "Belgique" on an English page and "Belgium" on a French
    one. ("name" alone would read the page's language only.)"""
    from modeltranslation.manager import append_lookup_keys
    from modeltranslation.translator import NotRegistered

    try:
        return tuple(sorted(append_lookup_keys(model, fields)))
    except NotRegistered:
        return tuple(fields)


class EnglishOriginal:
    """Mixed into each translated model: its own column (``name``, beside ``name_en``...)
    always holds the English value, whatever the language of the request that saves it.

    django-modeltranslation saves there the value read in the active language, so a French
    admin page would put the French name into it; the queries that read that column directly
    (an ordering by ``stakeholder__name`` from an untranslated model) would then mix languages.
    """

    def save(self, *args, **kwargs):
        from django.utils import translation

        with translation.override(settings.LANGUAGE_CODE):
            return super().save(*args, **kwargs)
