"""The app as deployed, for the tests that need real servers: gunicorn processes with the
production settings, and a private redis-server that a test may stop and start again.

Small and general on purpose: start gunicorn with a settings module and an environment on a free
port, wait until it answers, stop it; start a redis-server of the test's own on a free port,
stop it, start it again on the same port; ``Browser``, one user's cookies sent to such servers
as through a load balancer that ends TLS. What a test does with them is its own business.
"""

import html
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

from registry.models import User
from tests.factories import PASSWORD
from tests.otp_helpers import totp_code, totp_device

REPO = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
START_TIMEOUT = 60  # seconds for a server to answer (a busy machine imports slowly)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """The DATABASE_URL of a Django database's settings (the test database, say)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password, safe='')}@" if password else f"{user}@"
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


def settings_module(directory: Path, name: str, *lines: str) -> Path:
    """Write ``<name>.py`` in ``directory``: hlderp's settings, then ``lines``. Returns the
    directory, to put on the servers' PYTHONPATH."""
    directory.mkdir(parents=True, exist_ok=True)
    body = "\n".join(["from hlderp.settings import *", *lines])
    (directory / f"{name}.py").write_text(body + "\n")
    return directory


def production_env(tmp_path: Path, *, settings_dir: Path, settings: str, **overrides) -> dict:
    """The environment of an app server with the production settings (``DEBUG=0``), its files
    under ``tmp_path``; ``overrides`` (DATABASE_URL, REDIS_URL...) added last. The test
    process's own Django, pytest and AWS variables are left out."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTEST", "DJANGO_", "AWS_"))
    }
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        PYTHONPATH=os.pathsep.join([str(settings_dir), str(REPO)]),
        CONN_MAX_AGE="0",  # no connection outlives its request: the test database is dropped
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        HLDERP_VAR_DIR=str(tmp_path / "var"),
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(overrides)
    return env


def _answers(port: int, path: str) -> int | None:
    """The status of ``GET path`` on ``port`` (as over https behind the balancer), or None if
    nothing answers yet."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
        response = conn.getresponse()
        response.read()
        return response.status
    except OSError:
        return None
    finally:
        conn.close()


@dataclass
class Gunicorn:
    """One gunicorn on 127.0.0.1:``port``, its output in ``log``."""

    port: int
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text()

    def stop(self, timeout: float = 10) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# The ASGI application under gunicorn, as docs/deployment.md serves the live pages. An event
# stream never ends on its own: a short graceful timeout lets gunicorn end its workers before
# ``Gunicorn.stop`` gives up on it (and would leave them running).
ASGI = (
    *("--graceful-timeout", "2"),
    *("-k", "uvicorn_worker.UvicornWorker", "hlderp.asgi:application"),
)


def gunicorn_start(
    env: dict, log: Path, *, workers: int = 1, args: tuple = (), app: tuple = ("hlderp.wsgi",)
) -> Gunicorn:
    """Start ``gunicorn hlderp.wsgi`` (or ``app``: ``ASGI``) with ``env`` on a free port; see
    ``wait_until_answering``."""
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(GUNICORN), "-w", str(workers), "-b", f"127.0.0.1:{port}", *args, *app],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return Gunicorn(port=port, process=process, log=log)


def wait_until_answering(
    servers: list[Gunicorn], path: str = "/health/live/", timeout: float = START_TIMEOUT
) -> None:
    """Until each server answers ``GET path`` with 200 (its worker has loaded the app); raise
    AssertionError with the server's output if one exits or answers otherwise."""
    deadline = time.monotonic() + timeout
    waiting = list(servers)
    while waiting:
        for server in list(waiting):
            if server.process.poll() is not None:
                raise AssertionError(
                    f"gunicorn on {server.port} exited ({server.process.returncode}):\n"
                    + server.output()
                )
            status = _answers(server.port, path)
            if status is None:
                continue
            assert status == 200, f"GET {path}: {status}\n{server.output()}"
            waiting.remove(server)
        if waiting and time.monotonic() > deadline:
            ports = [server.port for server in waiting]
            raise AssertionError(f"gunicorn did not answer on {ports} in {timeout} s")
        if waiting:
            time.sleep(0.1)


@dataclass
class RedisServer:
    """A redis-server of the test's own on 127.0.0.1:``port``, keeping nothing on disk."""

    port: int
    directory: Path
    process: subprocess.Popen | None = field(default=None)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10) -> None:
        """Start it (again, on the same port) and wait until it answers PING."""
        log = (self.directory / "redis.log").open("a")
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.directory),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + timeout
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(
                    f"redis-server did not start on {self.port}:\n"
                    + (self.directory / "redis.log").read_text()
                )
            time.sleep(0.02)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        """Kill it at once, as a crash or a pulled cable would: nothing it holds survives."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None


def redis_server_start(directory: Path) -> RedisServer:
    """A private redis-server on a free port, answering (``stop()`` it afterwards)."""
    directory.mkdir(parents=True, exist_ok=True)
    server = RedisServer(port=free_port(), directory=directory)
    server.start()
    return server


class Browser:
    """One user's cookies, sent to whichever server is asked, as a load balancer would.

    Behind the balancer that ends TLS, each request says so (X-Forwarded-Proto), so the
    production cookies, Secure ones included, and the strict HTTPS CSRF check are in play.
    """

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(
        self,
        port: int,
        method: str,
        path: str,
        form: dict | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
        timeout: float = 15,
    ):
        origin = f"https://127.0.0.1:{port}"
        headers = {
            "Host": f"127.0.0.1:{port}",
            "X-Forwarded-Proto": "https",
            "Origin": origin,
            "Referer": f"{origin}{path}",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if files:
            boundary = secrets.token_hex(16)
            body = multipart(form or {}, files, boundary)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read().decode()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def get(self, port: int, path: str):
        return self.request(port, "GET", path)

    def post(self, port: int, path: str, form: dict, files=None, timeout: float = 15):
        """POST ``form``; with ``files`` ({field: (name, bytes, content type)}) as multipart."""
        return self.request(port, "POST", path, form, files, timeout)

    def log_in(self, port: int, email: str) -> None:
        status, _, page = self.get(port, "/accounts/login/")
        assert status == 200, page[-500:]
        status, headers, page = self.post(
            port,
            "/accounts/login/",
            {"csrfmiddlewaretoken": csrf_token(page), "username": email, "password": PASSWORD},
        )
        assert (status, headers.get("Location")) == (302, "/accounts/landing/"), page[-500:]
        device = totp_device(User.objects.get(email=email))
        if device is not None:
            # A Secretariat session passes its second factor, as the officer's app would.
            path = "/accounts/two-factor/verify/"
            status, _, page = self.get(port, path)
            assert status == 200, page[-500:]
            code = totp_code(device, wait=True)
            status, headers, page = self.post(
                port, path, {"csrfmiddlewaretoken": csrf_token(page), "token": code}
            )
            assert (status, headers.get("Location")) == (302, "/accounts/landing/"), page[-500:]


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))).strip()


def multipart(form: dict, files: dict[str, tuple[str, bytes, str]], boundary: str) -> bytes:
    """``form`` (a list value is a repeated field) and ``files`` as multipart/form-data."""
    parts = []
    for name, values in form.items():
        for value in values if isinstance(values, list) else [values]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()
