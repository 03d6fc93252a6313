"""Run the app as deployed, for a test: gunicorn with the production settings on a free port.

``production_env`` is the environment of a production server on the test database (pytest's
and the coding tools' variables left out), with a settings module the test writes into
``settings_dir`` (it imports hlderp.settings and changes what the test needs);
``start_gunicorn`` starts one server on it, ``wait_until_answering`` waits until its worker has
loaded the app, and ``stop`` ends it (gunicorn's quick shutdown, then SIGKILL). ``Browser``
is one user's cookies sent to such servers, as through a load balancer that ends TLS.
"""

import html
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from registry.models import User
from tests.factories import PASSWORD
from tests.otp_helpers import totp_code, totp_device

REPO = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
START_TIMEOUT = 20  # seconds for a server to answer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """The URL of the database of ``settings_dict`` (a connection's), for DATABASE_URL."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password, safe='')}@" if password else f"{user}@"
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


def production_env(
    *, settings_dir: Path, settings_module: str, database: str, tmp_path: Path, **extra: str
) -> dict[str, str]:
    """A production server's environment (DEBUG=0) on ``database``, with its own var, media
    and static folders under ``tmp_path``; ``extra`` adds or replaces variables."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTEST", "DJANGO_", "AWS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        PYTHONPATH=os.pathsep.join([str(settings_dir), str(REPO)]),
        DATABASE_URL=database,
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
    env.update(extra)
    return env


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log: Path

    def logs(self) -> str:
        return self.log.read_text()


def start_gunicorn(*, env: dict[str, str], log: Path, workers: int = 1) -> Server:
    """A ``gunicorn hlderp.wsgi`` on a free port of 127.0.0.1, its output in ``log``."""
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(GUNICORN), "-w", str(workers), "-b", f"127.0.0.1:{port}", "hlderp.wsgi"],
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    return Server(port=port, process=process, log=log)


def _answers(port: int, path: str) -> int | None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
        return conn.getresponse().status
    except OSError:
        return None
    finally:
        conn.close()


def wait_until_answering(
    servers: list[Server], *, path: str = "/accounts/login/", timeout: float = START_TIMEOUT
) -> None:
    """Until each server answers ``path`` with 200 (its worker has loaded the app); fails the
    test with the server's log if it exits, answers otherwise, or is silent past ``timeout``."""
    deadline = time.monotonic() + timeout
    waiting = list(servers)
    while waiting:
        for server in list(waiting):
            if server.process.poll() is not None:
                pytest.fail(f"gunicorn exited ({server.process.returncode}):\n{server.logs()}")
            status = _answers(server.port, path)
            if status is None:
                continue
            assert status == 200, server.logs()
            waiting.remove(server)
        if waiting and time.monotonic() > deadline:
            pytest.fail(f"gunicorn did not answer on {[s.port for s in waiting]} in {timeout} s")
        if waiting:
            time.sleep(0.1)


def stop(servers: list[Server]) -> None:
    """Stop each server: SIGINT (gunicorn's quick shutdown), SIGKILL after ten seconds."""
    for server in servers:
        if server.process.poll() is None:
            server.process.send_signal(signal.SIGINT)
    for server in servers:
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


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
