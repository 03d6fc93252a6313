"""What a write changes and what a public page shows, for the page cache (hlderp/public_cache.py,
which reads this module through ``PUBLIC_PAGE_CACHE_SCOPES``: the project imports no app).

Each cached page is kept with the generations of the *scopes* it shows, and a write moves the
generations of the scopes it changes, so a write renders afresh only the pages that show it:

- ``GLOBAL`` (the generation key of old): every page shows it. A write nobody declared, to a
  table of ``consultations`` (the admin, a bulk update, raw SQL, any service that says nothing)
  moves it, as do the lift of an embargo and the cache's return after an outage.
- ``REGISTRY``: the registry, shown by every page (names of States, groupings, people). An
  undeclared write to ``registry_*`` tables only moves it; the registry's own pages
  (``/registry/``) show nothing else, so a write to a process leaves them cached.
- ``process:<id>``: a service that knows it changes one process's public record says so
  (``writes_shown_on(*process_scopes(id))``): the pages of that process (its programme, feeds,
  meetings) render afresh, and, with ``PROCESSES``, the pages that span processes (the
  statements and positions lists, the summary, search). A speakers-list change is shown on its
  meeting's page only (``speakers_scopes``): the lists that span processes stay cached. Every
  process scope moves ``ANY_PROCESS`` too, which no page shows (the page cache's guard for a
  page that says what it shows during its render). The rest render
  afresh; the other processes' pages stay cached.
- none: ``writes_shown_on()`` with no scope declares writes that no public page shows (a draft
  saved, a statement submitted or returned: only published statements are public).
- ``SIGNED_IN``: every write to a table of the apps that some page shows, declared or not,
  moves it (a draft saved too): the signed-in pages kept in the cache (the delegate portal,
  hlderp/signed_in_cache.py) show it with ``GLOBAL``. No public page shows it.

A page says what it shows: by default every process (``DEFAULT_SHOWS``); a view of one
process calls ``page_shows_process(request, id)`` before it reads; the registry's urlconf is
marked ``shows=REGISTRY_SHOWS``. A declaration is a promise about every write made within it;
where no service makes one, the write moves ``GLOBAL`` as before: safe by default.
"""

import contextlib
import threading
from collections.abc import Iterator

GLOBAL = ""
REGISTRY = "registry"
PROCESSES = "processes"
ANY_PROCESS = "process:*"
SIGNED_IN = "signed-in"
DEFAULT_SHOWS: tuple[str, ...] = (GLOBAL, REGISTRY, PROCESSES)
# Tables of the apps that no public page shows: a write to them (a webhook's delivery log, an
# export being prepared, an API token's last use) leaves every page cached, declared or not.
UNSHOWN_TABLES = frozenset(
    {
        "consultations_webhook",
        "consultations_webhookdelivery",
        "consultations_webhookattempt",
        "consultations_exportfile",
        "registry_apitoken",
        "consultations_statement_tally",  # kept by triggers: its statements' writes are seen
    }
)
REGISTRY_SHOWS: tuple[str, ...] = (GLOBAL, REGISTRY)

_declared = threading.local()


def process_scope(process_id: int) -> str:
    return f"process:{process_id}"


def process_scopes(process_id: int) -> tuple[str, str]:
    """What a change to the public record of one process changes."""
    return (process_scope(process_id), PROCESSES)


def speakers_scopes(process_id: int) -> tuple[str]:
    """What a change to a speakers list of one process changes: its meeting's page only."""
    return (process_scope(process_id),)


def process_shows(process_id: int) -> tuple[str, ...]:
    """What a page of one process shows."""
    return (GLOBAL, REGISTRY, process_scope(process_id))


@contextlib.contextmanager
def writes_shown_on(*scopes: str) -> Iterator[None]:
    """Declare that the writes made within (in this thread) change only what ``scopes`` show;
    none: writes that no public page shows. Nested declarations add up."""
    stack = _declared.__dict__.setdefault("stack", [])
    stack.append(frozenset(scopes))
    try:
        yield
    finally:
        stack.pop()


def declared() -> frozenset[str] | None:
    """The scopes declared for the writes made now, or None if nobody declared them."""
    stack = getattr(_declared, "stack", None)
    if not stack:
        return None
    return frozenset().union(*stack)


def page_shows_process(request, process_id: int) -> None:
    """Say that the public page answering ``request`` shows the process ``process_id`` (and the
    registry) and nothing of any other process. Call it before reading what the page shows:
    the page cache's middleware (its ``public_page_declare`` on the request) reads the
    process's generation here when its lookup did not."""
    shows = process_shows(process_id)
    request.public_page_shows = shows
    declare = getattr(request, "public_page_declare", None)
    if declare is not None:
        declare(shows)
