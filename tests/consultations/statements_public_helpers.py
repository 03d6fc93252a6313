"""What the tests of the public statement pages share: the titles and text of a page, one of its
elements, and the statements of the ``world`` fixture (tests/consultations/conftest.py) that the
public may read."""

import datetime
import html
import re
from html.parser import HTMLParser
from pathlib import Path

UTC = datetime.UTC
NOTE = "Statements in this demo are illustrative."
TEMPLATE_ENGINE = str(Path("django", "template", "base.py"))


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def titles(response) -> list[str]:
    return [s.title for s in response.context["statements"]]


def text_of(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


class _ElementFinder(HTMLParser):
    def __init__(self, element_id: str):
        super().__init__()
        self.element_id = element_id
        self.found: tuple[str, dict] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id") == self.element_id and self.found is None:
            self.found = (tag, attributes)


def element(response, element_id: str) -> tuple[str, dict]:
    """The tag and attributes of the element with ``element_id`` (fails if there is none)."""
    finder = _ElementFinder(element_id)
    finder.feed(response.content.decode())
    assert finder.found is not None, f"no element #{element_id}"
    return finder.found


ALL_PUBLIC = [
    "بيان السنغال",
    "Déclaration du Sénégal",
    "Belgium offers to host the Global Forum",
    "IOM at the Geneva panel",
]
