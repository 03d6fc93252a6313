"""Sorting by the page's language: names in Arabic, Chinese or Russian sort by their own rules.

PostgreSQL sorts with its ICU collations (``ar-x-icu``, ``zh-x-icu``: pinyin, ``ru-x-icu``...).
SQLite has none, so each connection gets collations of the same names (``register_sqlite``)
that compare with the Unicode Collation Algorithm (pyuca's default table, which orders Arabic
and Cyrillic letters as their alphabets do) and, for Chinese, by the pinyin of each character
(pypinyin), as ICU's Chinese collation does. One expression, ``collated``, serves both.
"""

import functools
import unicodedata

from django.db.models import CharField, F, Value
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce, Collate, NullIf
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

# The ICU collation of each language of the site; PostgreSQL ships them with ICU.
COLLATIONS = {
    "en": "en-x-icu",
    "fr": "fr-x-icu",
    "es": "es-x-icu",
    "ru": "ru-x-icu",
    "zh-hans": "zh-x-icu",
    "ar": "ar-x-icu",
}
DEFAULT_LANGUAGE = "en"


def page_language(language: str | None = None) -> str:
    """The site language ``language`` (or the active one) stands for: "zh-hans" for "zh"."""
    language = (language or get_language() or DEFAULT_LANGUAGE).lower()
    if language in COLLATIONS:
        return language
    base = language.split("-")[0]
    return next((code for code in COLLATIONS if code.split("-")[0] == base), DEFAULT_LANGUAGE)


def page_columns(*paths: str, language: str | None = None) -> tuple[str, ...]:
    """The columns a page in ``language`` (or the active one) reads of the translated fields
    ``paths`` (``"title"``, ``"stakeholder__name"``): each in that language, then each in
    English, its fallback (English once on an English page)."""
    codes = dict.fromkeys((page_language(language), DEFAULT_LANGUAGE))
    return tuple(build_localized_fieldname(path, code) for code in codes for path in paths)


def translated_value(path: str, *, language: str | None = None):
    """The expression of a translated field (``"name"``, ``"stakeholder__name"``) in the page's
    language, English where that language has no value."""
    columns = page_columns(path, language=language)
    if len(columns) == 1:
        return F(columns[0])
    own, english = columns
    # Each language's column is a field of its own class: the value is text either way.
    return Coalesce(NullIf(F(own), Value("")), F(english), output_field=CharField())


def translated_text(path: str, *, language: str | None = None) -> Coalesce:
    """What a page prints of the translated field ``path``: ``translated_value``, and "" where
    neither language has a value (as the field reads on a model instance)."""
    return Coalesce(translated_value(path, language=language), Value(""), output_field=CharField())


def collated(path: str, *, language: str | None = None, descending: bool = False) -> OrderBy:
    """An ``order_by`` term: the translated field ``path`` sorted by the page's language."""
    language = page_language(language)
    expression = Collate(translated_value(path, language=language), COLLATIONS[language])
    return expression.desc() if descending else expression.asc()


# -- SQLite ---------------------------------------------------------------------------------
@functools.cache
def _collator():
    import pyuca

    return pyuca.Collator()


def _pinyin(text: str) -> str:
    """Chinese characters spelt in pinyin with tone numbers ("zhong1 guo2"), others kept."""
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True))


# CLDR's Arabic order (ICU's "ar"): the alef with hamza above or below, and the wasla, sort as
# alef, told apart only when all else is equal; the alef with madda as two alefs.
ARABIC_ALEFS = str.maketrans(
    {"\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627", "\u0622": "\u0627\u0627"}
)


@functools.lru_cache(maxsize=4096)
def sort_key(text: str, language: str) -> tuple:
    """The key that orders ``text`` as ``language`` sorts (the SQLite fallback's rule): the
    letters first, then what tells apart names with the same letters (accents, hamza)."""
    text = unicodedata.normalize("NFC", text or "")
    if language.startswith("zh"):
        spelt = _pinyin(text)
    elif language == "ar":
        spelt = text.translate(ARABIC_ALEFS)
    else:
        spelt = text
    collator = _collator()
    return (collator.sort_key(spelt), collator.sort_key(text), text)


def _compare(language: str, left: str, right: str) -> int:
    a, b = sort_key(left, language), sort_key(right, language)
    return (a > b) - (a < b)


def register_sqlite(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: give a SQLite connection the collations above."""
    if connection.vendor != "sqlite":
        return
    # Loaded here, not in the first comparison: a collation runs inside SQLite's own call, on
    # a connection the test server's threads may share, and an import or a table loaded there
    # can wait on a thread that waits on the connection.
    _collator()
    _pinyin("中")
    for language, name in COLLATIONS.items():
        connection.connection.create_collation(name, functools.partial(_compare, language))
