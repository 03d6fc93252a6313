"""hlderp/settings.py as production starts it: each case runs Django in a fresh process.

The test process imports pytest, which switches the settings to their test defaults, so each
child is a plain ``python`` with the environment of the case, and checks that pytest is absent.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SETUP = "import sys; assert 'pytest' not in sys.modules; import django; django.setup(); "
SETTINGS_ONLY = "import sys; assert 'pytest' not in sys.modules; "
PRODUCTION_KEY = secrets.token_urlsafe(50)  # 67 characters


def _env(tmp_path, **variables: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTEST", "DJANGO_", "AWS_"))
        and name
        not in {
            "SECRET_KEY",
            "DEBUG",
            "DATABASE_URL",
            "ALLOWED_HOSTS",
            "SECURE_HSTS_SECONDS",
            "SECURE_SSL_REDIRECT",
            "CONN_MAX_AGE",
            "STATIC_ROOT",
            "MEDIA_ROOT",
        }
    }
    env.update(
        DJANGO_SETTINGS_MODULE="hlderp.settings",
        HLDERP_VAR_DIR=str(tmp_path / "var"),  # keep var/ and dev keys out of the checkout
        DEBUG="0",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(variables)
    return env


def _run(tmp_path, code: str, setup: str = SETUP, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", setup + code],
        cwd=REPO,
        env=_env(tmp_path, **variables),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings(tmp_path, names: list[str], **variables: str) -> dict:
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}, default=str))"
    )
    # The settings alone, as the server's first access evaluates them: the apps are not loaded
    # (0.8 s less a case).
    child = _run(tmp_path, code, setup=SETTINGS_ONLY, **variables)
    assert child.returncode == 0, child.stderr
    return json.loads(child.stdout)


def _last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


@pytest.fixture
def production(tmp_path) -> dict[str, str]:
    return {
        "SECRET_KEY": PRODUCTION_KEY,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "hlderp.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "SITE_URL": "https://hlderp.example",
    }


def test_start_up_without_secret_key_fails_naming_it(tmp_path):
    child = _run(tmp_path, "print('started')")

    assert child.returncode == 1
    assert child.stdout == ""
    assert _last_line(child.stderr).startswith(
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is not set. With DEBUG off "
        "hlderp needs a SECRET_KEY of at least 50 random characters in the environment"
    )


def test_debug_must_be_a_clear_yes_or_no(tmp_path):
    child = _run(tmp_path, "print('started')", DEBUG="maybe", SECRET_KEY=PRODUCTION_KEY)

    assert child.returncode == 1
    assert _last_line(child.stderr) == (
        "django.core.exceptions.ImproperlyConfigured: DEBUG must be 1/0, true/false, yes/no "
        "or on/off, not 'maybe'."
    )


def test_a_number_setting_must_be_a_whole_number(tmp_path, production):
    child = _run(tmp_path, "print('started')", **production, CONN_MAX_AGE="sixty")

    assert child.returncode == 1
    assert _last_line(child.stderr) == (
        "django.core.exceptions.ImproperlyConfigured: CONN_MAX_AGE must be a whole number, "
        "not 'sixty'."
    )


def test_deploy_check_is_clean_with_the_production_variables(tmp_path, production):
    child = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=_env(tmp_path, **production),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_cookies_are_secure_and_hsts_is_on(tmp_path, production):
    values = _settings(
        tmp_path,
        [
            "DEBUG",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_SSL_REDIRECT",
            "SECURE_PROXY_SSL_HEADER",
            "ALLOWED_HOSTS",
            "SECRET_KEY",
        ],
        **production,
    )

    assert values["SECURE_HSTS_SECONDS"] >= 15768000
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "ALLOWED_HOSTS": ["hlderp.example"],
        "SECRET_KEY": PRODUCTION_KEY,
    }


def test_production_allows_no_host_unless_told(tmp_path, production):
    del production["ALLOWED_HOSTS"]

    assert _settings(tmp_path, ["ALLOWED_HOSTS"], **production) == {"ALLOWED_HOSTS": []}


def test_sqlite_database_url_picks_sqlite_with_its_options(tmp_path, production):
    database = _settings(tmp_path, ["DATABASES"], **production)["DATABASES"]["default"]

    assert (database["ENGINE"], database["NAME"], database["CONN_MAX_AGE"]) == (
        "django.db.backends.sqlite3",
        str(tmp_path / "x.sqlite3"),
        0,
    )
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_database_url_picks_postgresql(tmp_path, production):
    production["DATABASE_URL"] = "postgres://u@h:5432/db"

    database = _settings(tmp_path, ["DATABASES"], **production)["DATABASES"]["default"]

    assert (
        database["ENGINE"],
        database["NAME"],
        database["USER"],
        database["HOST"],
        database["PORT"],
        database["CONN_MAX_AGE"],
    ) == ("django.db.backends.postgresql", "db", "u", "h", 5432, 60)


def test_local_demo_keeps_one_generated_secret_key(tmp_path):
    first = _settings(tmp_path, ["SECRET_KEY", "ALLOWED_HOSTS"], DEBUG="1")
    second = _settings(tmp_path, ["SECRET_KEY"], DEBUG="1")

    key_file = tmp_path / "var" / "dev-secret-key"
    assert first["SECRET_KEY"] == second["SECRET_KEY"] == key_file.read_text()
    assert len(first["SECRET_KEY"]) >= 50
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert first["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]


@pytest.mark.parametrize(
    ("command", "succeeds"),
    [
        (["makemigrations", "--check", "--dry-run"], True),
        (["check"], True),
        (["check", "--deploy"], False),
        (["showmigrations", "registry"], True),
    ],
)
def test_commands_that_sign_nothing_run_without_the_secret(tmp_path, command, succeeds):
    child = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=REPO,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert (child.returncode == 0) is succeeds, child.stderr[-500:]
    assert ("SECRET_KEY is not set" in child.stderr) is not succeeds


def test_uploaded_files_stay_on_disk_without_a_bucket(tmp_path, production):
    code = (
        "from django.conf import settings; from django.core.files.storage import storages; "
        "print(type(storages['default']).__name__, storages['default'].location, "
        "settings.STORAGES['default'])"
    )
    child = _run(tmp_path, code, **production, MEDIA_ROOT=str(tmp_path / "media"))

    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == (
        f"FileSystemStorage {tmp_path / 'media'} "
        "{'BACKEND': 'django.core.files.storage.FileSystemStorage'}"
    )


def test_a_bucket_puts_uploaded_files_on_s3_private_and_signed(tmp_path, production):
    code = (
        "import json; from django.core.files.storage import storages; s = storages['default']; "
        "print(json.dumps([type(s).__module__ + '.' + type(s).__name__, s.bucket_name, "
        "s.endpoint_url, s.region_name, s.location, s.default_acl, s.querystring_auth, "
        "s.file_overwrite, s.signature_version, s.custom_domain, s.url('statements/a.pdf')]))"
    )
    child = _run(
        tmp_path,
        code,
        **production,
        AWS_STORAGE_BUCKET_NAME="hlderp-media",
        AWS_S3_ENDPOINT_URL="https://minio.example:9000",
        AWS_S3_REGION_NAME="eu-west-1",
        AWS_LOCATION="media",
        AWS_ACCESS_KEY_ID="AKIAHLDERPTEST",
        AWS_SECRET_ACCESS_KEY="not-a-real-secret",
    )

    assert child.returncode == 0, child.stderr
    *options, url = json.loads(child.stdout)
    assert options == [
        "storages.backends.s3.S3Storage",
        "hlderp-media",
        "https://minio.example:9000",
        "eu-west-1",
        "media",
        None,
        True,
        False,
        "s3v4",
        None,
    ]
    # Signed with the keys of the environment (boto3's chain), on the S3-compatible endpoint.
    assert url.startswith("https://minio.example:9000/hlderp-media/media/statements/a.pdf?")
    assert "X-Amz-Credential=AKIAHLDERPTEST%2F" in url
    assert "X-Amz-Signature=" in url


def test_deploy_check_is_clean_with_a_bucket(tmp_path, production):
    child = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=_env(tmp_path, **production, AWS_STORAGE_BUCKET_NAME="hlderp-media"),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == "System check identified no issues (0 silenced)."
