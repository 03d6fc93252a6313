"""The ASGI application served by uvicorn in a thread of the test process, for the browser tests
of the live pages: pytest-django's ``live_server`` is a WSGI server, which cannot hold an event
stream open. Its requests reach the test database as ``live_server``'s do (``transactional_db``:
SQLite's shared in-memory database, or PostgreSQL's test database)."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from tests.servers import free_port


@contextmanager
def asgi_server() -> Iterator[str]:
    """Serve hlderp.asgi on a free port until the block ends; yields its base URL."""
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from hlderp.asgi import application

    port = free_port()
    config = uvicorn.Config(
        ASGIStaticFilesHandler(application),  # static files, as live_server serves them
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise AssertionError(f"uvicorn did not start on {port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
