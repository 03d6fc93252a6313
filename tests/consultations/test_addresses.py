"""Addresses reversed once for a list of hundreds (consultations/addresses.py reverse_each), and
a process's addresses from patterns reversed once (process_addresses)."""

from django.test import RequestFactory
from django.urls import reverse, set_script_prefix

from consultations.addresses import PROCESS_PAGES, process_addresses, reverse_each
from consultations.models import Process

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


def test_a_process_s_addresses_are_those_reverse_gives_under_any_script_prefix():
    names = ("programme", "statements_csv", "chair_summary_pdf")
    for prefix in ("/", "/hld/"):
        set_script_prefix(prefix)
        try:
            for slug in SLUGS:
                process = Process(slug=slug)
                addresses = process_addresses(process=process)
                at_root = process_addresses(process=process, root=True)
                assert [addresses[name] for name in names] == [
                    reverse(f"p:{name}", kwargs={"process": slug}) for name in names
                ]
                assert [at_root[name] for name in names] == [reverse(name) for name in names]
                assert set(addresses) == set(PROCESS_PAGES)
        finally:
            set_script_prefix("/")

    assert process_addresses(process=Process(slug="a_1"))["programme"] == "/p/a_1/programme/"
