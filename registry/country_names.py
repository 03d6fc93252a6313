"""States' names in the six languages: the UN's forms where the data files give them, CLDR's
(read through Babel, whose version pyproject.toml pins) for the rest.

English always comes from the registry's own files, which hold the UN's short names
("Bolivia (Plurinational State of)"); ``state_names_un.csv`` holds the UN's forms in the
other languages where the registry has them (French "Bolivie (État plurinational de)", the
Holy See and the State of Palestine in every language). Each name's source is kept in
``Stakeholder.name_sources``, e.g. ``{"en": "UN", "fr": "UN", "ar": "CLDR", ...}``.
"""

from babel import Locale
from babel.core import get_global
from django.conf import settings

UN = "UN"
CLDR = "CLDR"
DEFAULT_LANGUAGE = "en"


class UnknownTerritory(ValueError):
    """CLDR knows no territory for this ISO 3166 alpha-3 code."""


def site_languages() -> list[str]:
    return [code for code, _label in settings.LANGUAGES]


def babel_locale(language: str) -> Locale:
    """Babel's locale of a site language: "zh-hans" is CLDR's "zh_Hans"."""
    return Locale.parse(language, sep="-")


def alpha2(iso3: str) -> str:
    """The ISO 3166 alpha-2 code CLDR names a territory by, from its alpha-3 code."""
    aliases = get_global("territory_aliases").get(iso3) or []
    if not aliases:
        raise UnknownTerritory(f"CLDR has no territory for the ISO code {iso3!r}")
    return aliases[0]


def cldr_name(iso3: str, language: str) -> str:
    name = babel_locale(language).territories.get(alpha2(iso3), "")
    if not name:
        raise UnknownTerritory(f"CLDR has no {language} name for {iso3!r}")
    return name


def state_names(*, iso3: str, english: str, un_forms: dict[str, str]) -> tuple[dict, dict]:
    """({"name_en": ..., "name_fr": ...}, {"en": "UN", "fr": "CLDR", ...}) for one State.

    ``un_forms`` maps a language to the UN's form of the name, where the data files have one.
    """
    names, sources = {}, {}
    for language in site_languages():
        field = f"name_{language.replace('-', '_')}"
        if language == DEFAULT_LANGUAGE:
            names[field], sources[language] = english, UN
        elif un_forms.get(language):
            names[field], sources[language] = un_forms[language], UN
        else:
            names[field], sources[language] = cldr_name(iso3, language), CLDR
    return names, sources
