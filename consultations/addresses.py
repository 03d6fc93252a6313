"""The addresses of a process's public pages: under ``/p/<slug>/``, or at the root.

Every process has its pages at stable addresses under ``/p/<slug>/`` (the ``p`` namespace).
The same pages are also at the root (``/programme/``, ``/positions/``...), where they show the
process marked current. A page links to its process's other pages the way it was reached: at
the root for the current process reached there, under ``/p/<slug>/`` otherwise, so that a
reader who came by a process's own address stays in it.
"""

import functools
from collections.abc import Callable

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from consultations.models import Process

NAMESPACE = "p"
# The pages of the process patterns (consultations/urls.py) that take no other argument.
PROCESS_PAGES = (
    "programme",
    "programme_ics",
    "programme_json",
    "statements",
    "statements_csv",
    "statements_xlsx",
    "positions",
    "positions_csv",
    "positions_xlsx",
    "summary",
    "summary_participants",
    "chair_summary",
    "chair_summary_print",
    "chair_summary_pdf",
)


# A slug no address holds otherwise: where each slug goes in an address reversed once.
_SLUG_PLACE = "-slug-"


def reverse_each(name: str, *, kwarg: str, request=None) -> Callable[[str], str]:
    """``reverse(name, kwargs={kwarg: slug})`` for many slugs (absolute with ``request``),
    reversed once: every slug fills the same pattern, and a slug needs no quoting. (Reversing
    costs more than the rest of a line of a list of hundreds.)"""
    address = reverse(name, kwargs={kwarg: _SLUG_PLACE})
    if request is not None:
        address = request.build_absolute_uri(address)
    head, tail = address.rsplit(_SLUG_PLACE, 1)
    return lambda slug: f"{head}{slug}{tail}"


def process_reverse(
    name: str, *, process: Process, root: bool = False, kwargs: dict | None = None
) -> str:
    """The address of the public page ``name`` of ``process``: under ``/p/<slug>/``, or at the
    root when ``root`` (for the current process only: the root shows no other)."""
    if root:
        return reverse(name, kwargs=kwargs)
    return reverse(f"{NAMESPACE}:{name}", kwargs={"process": process.slug, **(kwargs or {})})


def process_addresses(*, process: Process, root: bool = False) -> dict[str, str]:
    """The address of each page of PROCESS_PAGES for ``process``, by name (as process_reverse),
    each pattern reversed once per worker, script prefix and urlconf: every page of a process
    asks for all of them."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    patterns = _address_patterns(root=root, prefix=get_script_prefix(), urlconf=urlconf)
    return {name: pattern.replace(_SLUG_PLACE, process.slug) for name, pattern in patterns}


@functools.lru_cache(maxsize=32)
def _address_patterns(*, root: bool, prefix: str, urlconf: str) -> tuple[tuple[str, str], ...]:
    place = Process(slug=_SLUG_PLACE)
    return tuple((name, process_reverse(name, process=place, root=root)) for name in PROCESS_PAGES)
