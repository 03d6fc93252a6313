"""The registry's fields kept in the six languages (django-modeltranslation).

Each field gets one column per language (``name_en``, ``name_fr``, ``name_zh_hans``...); the
field itself reads the page's language and falls back to English. States' names come from
the data files and CLDR (registry/country_names.py), with their source in ``name_sources``.
"""

import warnings

from modeltranslation.translator import TranslationOptions, register

from registry.models import Grouping, RegionalGroup, Stakeholder


@register(RegionalGroup)
class RegionalGroupTranslation(TranslationOptions):
    fields = ("name", "short_name")


# The index on (kind, name) gets a copy per language, named "<index>-<language>"; the Chinese
# one's name is too long and django-modeltranslation names it from its fields instead, which is
# what the migration holds: its warning says nothing to act on (and pollutes commands' output).
warnings.filterwarnings(
    "ignore", message=r"Index name '.*-zh-hans' exceeds 30 characters", category=UserWarning
)


@register(Stakeholder)
class StakeholderTranslation(TranslationOptions):
    fields = ("name", "short_name")


@register(Grouping)
class GroupingTranslation(TranslationOptions):
    fields = ("name", "short_name")
