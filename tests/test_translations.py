"""The interface catalogues in locale/: compiled, up to date with the source, and used.

The .mo files are committed so that a fresh machine needs no gettext; these tests catch a .mo
left stale by an edited .po, a .po left behind by edited templates, and pages whose interface
stays English with a catalogue active.
"""

import ast
import gettext
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from registry.models import User

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))
LANGUAGES = [po.parent.parent.name for po in CATALOGUES]

# The arguments the catalogues are made with (see the README): our code only.
MAKEMESSAGES_IGNORE = [".venv", "static/vendor", "tests", "bench"]
# Not copied for the up-to-date check: no source of ours, or too big to copy.
NOT_SOURCE = {".git", ".venv", "var", "test-output", "locale", "tests", "bench", "node_modules"}


def po_entries(path: Path) -> list[dict]:
    """The entries of a .po file, obsolete (#~) ones left out, as dicts of msgctxt, msgid,
    msgid_plural, msgstr or msgstr[n], and flags. Enough of the format for makemessages' output.
    """
    entries, entry, field = [], {}, None

    def close():
        nonlocal entry
        if "msgid" in entry:
            entries.append(entry)
        entry = {}

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            close()
        elif line.startswith("#,"):
            if "msgid" in entry:
                close()
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            if "msgid" in entry:
                close()
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, value = line.partition(" ")
            if "msgid" in entry and field in ("msgctxt", "msgid"):
                close()
            entry[field] = ast.literal_eval(value)
    close()
    return entries


def translated_pairs(path: Path) -> dict:
    """What msgfmt puts in the .mo, keyed as GNUTranslations keys its catalogue: a context as
    "context\\x04msgid", a plural form as (msgid, n). The header and fuzzy entries are left out,
    as are untranslated ones.
    """
    pairs = {}
    for entry in po_entries(path):
        if entry["msgid"] == "" or "fuzzy" in entry.get("flags", ()):
            continue
        key = entry["msgid"]
        if "msgctxt" in entry:
            key = f"{entry['msgctxt']}\x04{key}"
        if "msgid_plural" in entry:
            forms = {int(f[7:-1]): v for f, v in entry.items() if f.startswith("msgstr[")}
            if all(forms.values()):
                pairs.update({(key, n): value for n, value in forms.items()})
        elif entry["msgstr"]:
            pairs[key] = entry["msgstr"]
    return pairs


def test_every_language_of_the_settings_but_english_has_a_catalogue():
    expected = {code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE}
    assert {lang.lower().replace("_", "-") for lang in LANGUAGES} == expected


@pytest.mark.parametrize("po", CATALOGUES, ids=LANGUAGES)
def test_committed_mo_holds_exactly_the_translations_of_its_po(po):
    with open(po.with_suffix(".mo"), "rb") as mo_file:
        mo = gettext.GNUTranslations(mo_file)
    # The header is the "" entry; GNUTranslations parses it rather than keeping it as text.
    compiled = {key: value for key, value in mo._catalog.items() if key != ""}

    assert compiled == translated_pairs(po), f"{po.with_suffix('.mo')} is stale: compilemessages"


@pytest.mark.parametrize("po", CATALOGUES, ids=LANGUAGES)
def test_catalogue_translates_every_message_keeping_its_placeholders(po):
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd%]")
    untranslated, mismatched = [], []
    for entry in po_entries(po):
        if entry["msgid"] == "":
            continue
        forms = [v for f, v in sorted(entry.items()) if f.startswith("msgstr")]
        if not all(forms) or "fuzzy" in entry.get("flags", ()):
            untranslated.append(entry["msgid"])
            continue
        # Every form names what the English names: Russian's "one" form also serves 21, 31...
        wanted = set(placeholder.findall(entry.get("msgid_plural", entry["msgid"])))
        mismatched += [(entry["msgid"], f) for f in forms if set(placeholder.findall(f)) != wanted]

    assert mismatched == []
    if po.parent.parent.name == "fr":
        assert untranslated == [], "French is the catalogue kept complete"
    elif untranslated:
        pytest.xfail(f"{len(untranslated)} messages not translated yet")


def test_catalogues_are_up_to_date_with_the_source(tmp_path, monkeypatch):
    if not (shutil.which("xgettext") and shutil.which("msgmerge")):
        pytest.skip(
            "gettext is not installed (apt-get install gettext): cannot extract the messages"
        )
    source = Path(settings.BASE_DIR)
    for item in source.iterdir():
        if item.name in NOT_SOURCE:
            continue
        if item.is_dir():
            shutil.copytree(
                item, tmp_path / item.name, ignore=shutil.ignore_patterns("__pycache__", "vendor")
            )
        else:
            shutil.copy2(item, tmp_path / item.name)
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        (tmp_path / "locale").mkdir()
        call_command(
            "makemessages",
            locale=["fr"],
            ignore_patterns=MAKEMESSAGES_IGNORE,
            verbosity=0,
        )

    def msgids(po):
        return {(e.get("msgctxt"), e["msgid"]) for e in po_entries(po) if e["msgid"]}

    extracted = msgids(tmp_path / "locale/fr/LC_MESSAGES/django.po")
    for po in CATALOGUES:
        committed = msgids(po)
        assert (sorted(extracted - committed), sorted(committed - extracted)) == ([], []), (
            f"{po} is out of date (new, gone): run makemessages, translate, compilemessages"
        )


class _TextSegments(HTMLParser):
    """The text a reader meets on a page: each text node and each title, aria-label,
    placeholder and alt attribute, with runs of white space made one space."""

    ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__()
        self.segments, self._stack = [], []

    def handle_starttag(self, tag, attrs):
        # A lang attribute marks text meant in another language: the language switcher's names.
        lang = tag != "html" and any(name == "lang" for name, _ in attrs)
        if tag not in self.VOID and (tag in ("script", "style") or lang or self._stack):
            self._stack.append(tag)
        for name, value in attrs:
            if name in self.ATTRIBUTES and value:
                self._add(value)
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self._add(dict(attrs).get("value") or "")

    def handle_endtag(self, tag):
        if self._stack and tag == self._stack[-1]:
            self._stack.pop()

    def handle_data(self, data):
        if not self._stack:
            self._add(data)

    def _add(self, text):
        text = " ".join(text.split())
        if text:
            self.segments.append(text)


def text_segments(html: str) -> set[str]:
    parser = _TextSegments()
    parser.feed(html)
    return set(parser.segments)


@pytest.fixture
def demo(db):
    call_command("load_demo", keep_passwords=True, stdout=io.StringIO())


# Texts of the demo's data (English, as the 2006 records are) that are also messages.
DEMO_DATA = {"High-level Dialogue on International Migration and Development"}

MAIN_PAGES = [
    (None, "/"),
    (None, "/programme/"),
    (None, "/meetings/round-table-1/"),
    (None, "/registry/"),
    (None, "/statements/"),
    (None, "/positions/"),
    (None, "/summary/"),
    ("delegate.belgium@hlderp.example", "/delegate/"),
    ("secretariat@hlderp.example", "/secretariat/"),
]


def test_main_pages_in_french_leave_no_interface_string_in_english(demo, client):
    """A message of the catalogue that the English page shows as a whole text must not show
    the same in French, unless its French is the same word ("Programme", "Total")."""
    french = {
        key: value
        for key, value in translated_pairs(LOCALE_DIR / "fr/LC_MESSAGES/django.po").items()
        if isinstance(key, str) and "\x04" not in key
    }
    left_in_english, checked = {}, 0
    for email, url in MAIN_PAGES:
        client.logout()
        if email:
            client.force_login(User.objects.get(email=email))
        english = client.get(url, headers={"accept-language": "en"})
        in_french = client.get(url, headers={"accept-language": "fr"})
        assert (english.status_code, in_french.status_code) == (200, 200), url
        assert in_french.headers["Content-Language"] == "fr"

        shown = text_segments(english.content.decode()) & french.keys()
        checked += len(shown)
        still = shown & text_segments(in_french.content.decode()) - DEMO_DATA
        still = sorted(s for s in still if french[s] != s)
        if still:
            left_in_english[url] = still

    assert left_in_english == {}
    assert checked > 250  # the pages did show interface strings to compare


def test_arabic_page_is_right_to_left_with_bootstrap_rtl(db, client):
    response = client.get("/", headers={"accept-language": "ar"})
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "vendor/bootstrap/css/bootstrap.rtl.min.css" in html
    assert "vendor/bootstrap/css/bootstrap.min.css" not in html


def test_french_page_is_left_to_right_in_french(db, client):
    html = client.get("/", headers={"accept-language": "fr"}).content.decode()

    assert '<html lang="fr" dir="ltr">' in html
    assert "Aller au contenu principal" in html
