"""The text of a Chair's summary section: paragraphs and figure references.

A section's text is plain text; a blank line starts a new paragraph (numbered in print, on from
the previous section's). A figure is written as a reference, ``{{ figure:NAME }}`` or, for a
figure of one issue, ``{{ figure:NAME:ISSUE-SLUG }}`` (without the issue: the process's first
issue, the one the summary leads with). The names are those of
consultations/selectors/chair_figures.py. Anything else between ``{{`` and ``}}`` is an error.

Pure functions over strings: no query, so that the model, the form and the service check a text
the same way.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Any {{ ... }} (over one line): each must be a well-formed figure reference.
_BRACES = re.compile(r"\{\{(.*?)\}\}")
_REFERENCE = re.compile(r"\s*figure:([a-z][a-z0-9_]*)(?::([a-z0-9][a-z0-9-]*))?\s*")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Reference:
    """A figure reference: the figure's name and, for a figure of one issue, the issue's slug."""

    name: str
    issue: str = ""

    @property
    def key(self) -> str:
        """How the reference is written inside the braces, and how frozen values are keyed."""
        return f"figure:{self.name}:{self.issue}" if self.issue else f"figure:{self.name}"

    @property
    def token(self) -> str:
        return "{{ " + self.key + " }}"


def _parse(inner: str) -> Reference | None:
    match = _REFERENCE.fullmatch(inner)
    if match is None:
        return None
    return Reference(name=match.group(1), issue=match.group(2) or "")


def references(text: str) -> list[Reference]:
    """The well-formed references of ``text``, each once, in the order they first appear."""
    found: dict[Reference, None] = {}
    for match in _BRACES.finditer(text):
        reference = _parse(match.group(1))
        if reference is not None:
            found.setdefault(reference)
    return list(found)


def reference_errors(text: str, *, known: Callable[[Reference], str | None]) -> list[str]:
    """What is wrong with the references of ``text``, one message each (empty: nothing).

    ``known(reference)`` says what is wrong with a well-formed reference (an unknown figure, an
    issue the process does not have), or None when it is right.
    """
    errors: list[str] = []
    for match in _BRACES.finditer(text):
        reference = _parse(match.group(1))
        if reference is None:
            message = _(
                "“%(token)s” is not a figure reference: write {{ figure:NAME }} or "
                "{{ figure:NAME:ISSUE }}."
            ) % {"token": match.group(0)}
        else:
            message = known(reference)
        if message and message not in errors:
            errors.append(message)
    return errors


def render(text: str, values: dict[str, str]) -> str:
    """``text`` with each reference replaced by the text of its figure (``values`` by key); a
    reference without a value stays as written."""

    def replace(match: re.Match) -> str:
        reference = _parse(match.group(1))
        if reference is None or reference.key not in values:
            return match.group(0)
        return values[reference.key]

    return _BRACES.sub(replace, text)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text``: separated by blank lines, each on one line, none empty."""
    chunks = _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").strip())
    return [" ".join(chunk.split()) for chunk in chunks if chunk.strip()]


def all_references(texts: Iterable[str]) -> list[Reference]:
    """The references of several texts, each once, in order."""
    found: dict[Reference, None] = {}
    for text in texts:
        for reference in references(text):
            found.setdefault(reference)
    return list(found)
