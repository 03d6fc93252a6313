"""The live pages' engine: server-sent events fed from Redis pub/sub, or from memory on one
machine.

Why server-sent events and not WebSockets (Django Channels): the live pages only listen; the
Secretariat acts through ordinary forms. An event stream is plain HTTP, so it passes every
proxy and balancer the site already passes, the CSP's ``connect-src 'self'`` covers it, the
browser's EventSource reconnects on its own (and a page without JavaScript simply shows the
state of its loading), and it is served by an async Django view under any ASGI server
(uvicorn) without a second routing layer, a channel layer or consumers to keep in step.

How a change travels. A floor service, once its transaction commits, calls
``floor_broadcast``: it reads the floor once and renders what the live pages show in each of
the site's languages (a few kilobytes), and publishes that one message:

- with ``LIVE_REDIS_URL`` set (production, several app servers), to one Redis channel
  (``LIVE_CHANNEL``). Every app server process keeps one subscription to it (``Hub``) and hands
  each message to its own viewers of that meeting: one Redis message per change per process,
  whatever the number of viewers;
- without it (``make run``, the tests), straight to the hub of this process.

Each viewer's stream (``floor_stream``) holds a one-slot mailbox: a slow reader gets the latest
state, never a backlog (every message is the whole state, so nothing is lost by skipping one).
A stream begins with the state read from the database, and comments every ``LIVE_KEEPALIVE``
seconds keep proxies from closing a quiet one. If the subscription to Redis breaks, the hub
subscribes again and tells every stream to read the state afresh.
"""

import asyncio
import json
import logging
import threading
from collections import defaultdict
from collections.abc import AsyncIterator

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection, connections
from django.utils import translation

logger = logging.getLogger(__name__)

RESYNC = "resync"  # what the hub hands a stream whose messages may have been lost


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def floor_message(*, speakers_list_id: int, languages: list[str] | None = None) -> dict:
    """The message of a change: the floor's state in each language (or ``languages``), read
    once."""
    from consultations.models import SpeakersList
    from consultations.selectors.floor import floor_payload, floor_state

    speakers_list = SpeakersList.objects.select_related("meeting__process").get(pk=speakers_list_id)
    state = floor_state(speakers_list=speakers_list)
    payloads = {}
    for language in languages or _languages():
        with translation.override(language):
            payloads[language] = floor_payload(state)
    return {"list": speakers_list_id, "version": state.version, "payloads": payloads}


def _list_of_meeting(slug: str) -> int | None:
    from consultations.models import SpeakersList

    try:
        return SpeakersList.objects.filter(meeting__slug=slug).values_list("pk", flat=True).first()
    finally:
        if not connection.in_atomic_block:  # a test's transaction stays open
            connection.close()


async def speakers_list_of_meeting(slug: str) -> int | None:
    """The id of the speakers list of the meeting ``slug`` (None: none), read in the request's
    thread, whose database connection is then closed: the stream that follows would otherwise
    hold it for hours."""
    return await sync_to_async(_list_of_meeting)(slug)


def _read_for_stream(speakers_list_id: int, language: str) -> dict:
    """``floor_message`` in one language, for a stream: in a worker thread, whose database
    connection is closed at once (a stream lasts hours; a connection held by each viewer
    would exhaust the database's)."""
    try:
        return floor_message(speakers_list_id=speakers_list_id, languages=[language])
    finally:
        connections.close_all()


def floor_broadcast(*, speakers_list_id: int) -> None:
    """Send the floor's new state to every viewer, on every app server. Never raises: the
    change is committed, and a viewer who missed it sees it at the next one or on reload."""
    try:
        message = floor_message(speakers_list_id=speakers_list_id)
    except Exception:
        logger.exception("live: could not read the floor of speakers list %s", speakers_list_id)
        return
    url = settings.LIVE_REDIS_URL
    if not url:
        hub.deliver(message)
        return
    try:
        _publisher(url).publish(settings.LIVE_CHANNEL, json.dumps(message))
    except Exception as error:  # Redis down: the pages show it at their next reload
        logger.warning("live: could not publish to Redis: %s", error)


_publishers: dict = {}


def _publisher(url: str):
    import redis

    client = _publishers.get(url)
    if client is None:
        timeout = settings.REDIS_SOCKET_TIMEOUT
        client = redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=max(timeout, 1.0)
        )
        _publishers[url] = client
    return client


def sse_frame(message: dict, language: str) -> bytes:
    """One server-sent event: the floor's state in ``language`` as JSON, its version as the
    event id. Encoded once per message and language, whatever the number of viewers."""
    frames = message.setdefault("frames", {})
    frame = frames.get(language)
    if frame is None:
        data = json.dumps(message["payloads"][language], ensure_ascii=False, separators=(",", ":"))
        frame = frames[language] = (
            f"id: {message['version']}\nevent: floor\ndata: {data}\n\n".encode()
        )
    return frame


class _Mailbox:
    """One viewer's slot: only the latest message is kept."""

    __slots__ = ("event", "message")

    def __init__(self):
        self.event = asyncio.Event()
        self.message = None

    def put(self, message) -> None:
        self.message = message
        self.event.set()

    async def get(self, timeout: float):
        await asyncio.wait_for(self.event.wait(), timeout)
        self.event.clear()
        message, self.message = self.message, None
        return message


class Hub:
    """This process's viewers, by speakers list, and its one subscription to Redis.

    Viewers live on the event loop of the ASGI server; ``deliver`` may be called from any
    thread (a sync view's, after its commit) and hands the message over to that loop.
    """

    def __init__(self):
        self._viewers: dict[int, set[_Mailbox]] = defaultdict(set)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._listener: asyncio.Task | None = None
        self._lock = threading.Lock()

    @property
    def viewers(self) -> int:
        return sum(len(boxes) for boxes in self._viewers.values())

    def join(self, speakers_list_id: int) -> _Mailbox:
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._loop is not loop:
                self._loop, self._listener = loop, None
            box = _Mailbox()
            self._viewers[speakers_list_id].add(box)
        if settings.LIVE_REDIS_URL and (self._listener is None or self._listener.done()):
            self._listener = loop.create_task(self._listen(settings.LIVE_REDIS_URL))
        return box

    def leave(self, speakers_list_id: int, box: _Mailbox) -> None:
        with self._lock:
            boxes = self._viewers.get(speakers_list_id)
            if boxes is not None:
                boxes.discard(box)
                if not boxes:
                    del self._viewers[speakers_list_id]

    def deliver(self, message) -> None:
        """Hand ``message`` (a floor message, or RESYNC for every viewer) to the viewers."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._put(message)
        else:
            loop.call_soon_threadsafe(self._put, message)

    def _put(self, message) -> None:
        if message == RESYNC:
            targets = [box for boxes in self._viewers.values() for box in boxes]
        else:
            targets = list(self._viewers.get(message["list"], ()))
        for box in targets:
            box.put(message)

    async def _listen(self, url: str) -> None:
        import redis.asyncio as aioredis

        delay = 0.5
        while True:
            client = aioredis.Redis.from_url(url)
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(settings.LIVE_CHANNEL)
                    self._put(RESYNC)  # anything published while unsubscribed is read afresh
                    delay = 0.5
                    async for item in pubsub.listen():
                        if item.get("type") == "message":
                            self._put(json.loads(item["data"]))
            except asyncio.CancelledError:
                raise
            except Exception as error:
                logger.warning("live: Redis subscription lost (%s); again in %.1f s", error, delay)
            finally:
                await client.aclose()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)


hub = Hub()


async def floor_stream(*, speakers_list_id: int, language: str) -> AsyncIterator[bytes]:
    """The event stream of one viewer of a speakers list's floor, in ``language``: the state
    now, then each change, until the viewer leaves."""
    read = sync_to_async(_read_for_stream, thread_sensitive=False)
    box = hub.join(speakers_list_id)
    try:
        yield b"retry: 2000\n\n"
        message = await read(speakers_list_id, language)
        yield sse_frame(message, language)
        sent = message["version"]
        while True:
            try:
                message = await box.get(timeout=settings.LIVE_KEEPALIVE)
            except TimeoutError:
                yield b": keep-alive\n\n"
                continue
            if message == RESYNC:
                message = await read(speakers_list_id, language)
            if message["version"] <= sent:
                continue  # seen already (a state read afresh, or a late publication)
            yield sse_frame(message, language)
            sent = message["version"]
    finally:
        hub.leave(speakers_list_id, box)
