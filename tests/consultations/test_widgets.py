import re

from django import forms

from consultations.widgets import OptionsSelect

CHOICES = [
    ("", "Any meeting"),
    ("HLD 2006", [("plenary-1", "Plenary 1 (2006-09-14)"), ("rt-1", "Round table 1 & <b>")]),
    ("GFMD 2007", [("forum", "Global Forum (2007-07-09)")]),
    (7, "Seven"),
]


def _tags(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def test_options_select_writes_what_djangos_select_writes():
    for value in ("", "rt-1", "7", None):
        ours = OptionsSelect(choices=CHOICES, attrs={"class": "form-select", "id": "id_meeting"})
        django = forms.Select(choices=CHOICES, attrs={"class": "form-select", "id": "id_meeting"})

        assert _tags(ours.render("meeting", value)) == _tags(django.render("meeting", value))


def test_options_select_escapes_labels_and_marks_the_chosen_option():
    html = OptionsSelect(choices=CHOICES).render("meeting", "rt-1")

    assert '<option value="rt-1" selected>Round table 1 &amp; &lt;b&gt;</option>' in html
    assert html.count(" selected") == 1
    assert '<optgroup label="HLD 2006">' in html
