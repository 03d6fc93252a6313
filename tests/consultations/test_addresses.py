"""Addresses reversed once for a list of hundreds (consultations/addresses.py reverse_each)."""

from django.test import RequestFactory
from django.urls import reverse

from consultations.addresses import reverse_each

SLUGS = ["panel-geneva", "-slug-", "slug", "a_1"]


def test_each_address_is_the_one_reverse_gives():
    meeting_ics = reverse_each("meeting_ics", kwarg="slug")
    programme = reverse_each("p:programme", kwarg="process")

    assert [meeting_ics(slug) for slug in SLUGS] == [
        reverse("meeting_ics", kwargs={"slug": slug}) for slug in SLUGS
    ]
    assert [programme(slug) for slug in SLUGS] == [
        "/p/panel-geneva/programme/",
        "/p/-slug-/programme/",
        "/p/slug/programme/",
        "/p/a_1/programme/",
    ]


def test_with_a_request_each_address_is_absolute():
    request = RequestFactory().get("/", secure=True)

    assert reverse_each("meeting", kwarg="slug", request=request)("-slug-") == (
        "https://testserver/meetings/-slug-/"
    )
