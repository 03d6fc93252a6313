"""The demo's titles in the five other languages, from ``data/translations.json``.

English stays where the demo writes it (dialogue.py, forum.py, themes.csv); this sets the other
languages' columns (``title_fr``...) of the rows the demo made, saving a row only where a value
differs, so that loading the demo again keeps them and writes nothing.
"""

import json
from pathlib import Path

from consultations.models import Issue, Meeting, Process, Room, Theme, Venue

DATA = Path(__file__).resolve().parent / "data" / "translations.json"


def _rows(kind: str, key: str):
    if kind == "process":
        return Process.objects.filter(slug=key)
    if kind == "meeting":
        return Meeting.objects.filter(slug=key)
    if kind == "theme":
        return Theme.objects.filter(slug=key)
    if kind == "issue":
        process, slug = key.split("/")
        return Issue.objects.filter(process__slug=process, slug=slug)
    if kind == "venue":
        return Venue.objects.filter(name_en=key)
    if kind == "room":
        venue, name = key.split("/")
        return Room.objects.filter(venue__name_en=venue, name_en=name)
    raise ValueError(f"{DATA.name}: no rows of kind {kind!r}")


def demo_translations_load(*, path: Path = DATA) -> int:
    """Set the translations of ``path`` on the demo's rows; return how many rows changed."""
    data = json.loads(path.read_text(encoding="utf-8"))
    changed = 0
    for kind, rows in data.items():
        if kind.startswith("_"):
            continue
        for key, fields in rows.items():
            values = {
                f"{field}_{language.replace('-', '_')}": text
                for field, languages in fields.items()
                for language, text in languages.items()
            }
            for obj in _rows(kind, key):
                differing = [f for f, v in values.items() if getattr(obj, f) != v]
                if differing:
                    for f in differing:
                        setattr(obj, f, values[f])
                    obj.save(update_fields=differing)
                    changed += 1
    return changed
