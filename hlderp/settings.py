"""hlderp settings, read from the environment.

Defaults suit a local demo (`make run`); production sets ``DEBUG=0`` and the variables the
README lists. Nothing secret has a default: with ``DEBUG`` off, a missing ``SECRET_KEY`` stops
start-up.
"""

import datetime
import os
import secrets
import sys
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HLDERP_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")
DEBUG = env_bool("DEBUG", False)


# Commands that sign nothing and serve nothing may run without the production secret.
_COMMANDS_WITHOUT_SECRET = {
    "makemigrations",
    "showmigrations",
    "compilemessages",
    "makemessages",
    "collectstatic",
    "help",
    "version",
}


def _command_needs_no_secret() -> bool:
    command = sys.argv[1] if len(sys.argv) > 1 and sys.argv[0].endswith("manage.py") else ""
    plain_check = command == "check" and "--deploy" not in sys.argv
    return command in _COMMANDS_WITHOUT_SECRET or plain_check


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if TESTING or _command_needs_no_secret():
        return secrets.token_urlsafe(50)
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off hlderp needs a SECRET_KEY of at least 50 "
            "random characters in the environment, e.g. "
            "SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))'). "
            "For a local demo, run with DEBUG=1 (as `make run` does)."
        )
    # A local demo: one key per checkout, kept under var/ so sessions survive restarts.
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin: its TranslationAdmin groups each field's languages (hlderp/i18n.py).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "simple_history",
    "rules",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from here: no CDN
    "hlderp",
    "hlderp.jobs",
    "registry",
    "consultations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, CSRF and the rest: a cached public page is answered here.
    "hlderp.public_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, which also reads ?lang= (feeds and exports: hlderp/language.py).
    "hlderp.language.QueryLanguageLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in: the session's verified device, then the gate that holds a signed-in
    # user who needs a second factor on the two-factor pages until it is given.
    "django_otp.middleware.OTPMiddleware",
    "registry.middleware_otp.SecondFactorMiddleware",
    # Parts of a signed-in page kept for their user (the delegate portal): request.keep_parts.
    "hlderp.signed_in_cache.SignedInPartsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hlderp.urls"
WSGI_APPLICATION = "hlderp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "string_if_invalid": "",
        },
    }
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL picks the engine: sqlite:///path (default, under var/) or postgres://...
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'hlderp.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; IMMEDIATE takes the write lock at BEGIN so that two
    # writers queue instead of failing with "database is locked" half-way through.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if not TESTING:
        VAR_DIR.mkdir(parents=True, exist_ok=True)

# PostgreSQL: the reads a page makes on every request (consultations/selectors/compiled.py) are
# prepared once per connection, so that the database plans them once (planning a meeting page's
# read took 0.7 ms, running it 0.1). Off behind a pooler in transaction mode that does not keep
# prepared statements (PgBouncer before 1.22, or without max_prepared_statements).
PREPARED_READS = env_bool("PREPARED_READS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "registry.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before the others
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, loading the signed-in user with their roles and second factor.
    "registry.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "landing"  # each to their own pages (registry/views_accounts.py)
# Two-factor sign-in (registry/otp.py). The name authenticator apps show for the account; after
# each wrong code the next attempt waits 1, 2, 4, 8... seconds (django-otp's throttling), so
# that six digits cannot be guessed in the 30 seconds a code lives.
OTP_TOTP_ISSUER = "hlderp"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The admin never shows a device's key once it is saved.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
LOGOUT_REDIRECT_URL = "home"
# Lockout after repeated failures, per account AND address: an attacker elsewhere cannot lock a
# delegate out, and every lockout ends after the cool-off.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "registry.backends.axes_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind N trusted proxies, the client address is the N-th from the right of X-Forwarded-For;
# without a proxy only REMOTE_ADDR is trusted (a forged header cannot dodge the lockout).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- Languages and time ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ru", _("Russian")),
    ("zh-hans", _("Chinese")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content in the six languages (django-modeltranslation: one column per language beside the
# original, registered in each app's translation.py). A field with no value in the page's
# language falls back to English, which the pages mark with lang="en" (hlderp/templatetags).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
FORMAT_MODULE_PATH = ["hlderp.formats"]  # dates as each language writes them
TIME_ZONE = "UTC"  # stored and computed in UTC; shown in each venue's time zone
USE_I18N = True
USE_TZ = True

# --- Cache -----------------------------------------------------------------------------------
# One cache shared by every app server when REDIS_URL is set; a per-process cache otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_SOCKET_TIMEOUT = float(os.environ.get("REDIS_SOCKET_TIMEOUT", "0.25"))  # seconds
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Several deployments (staging, production) can share one Redis apart.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
            # The cache is an accelerator (hlderp/public_cache.py): a Redis that does not
            # answer must cost a fraction of a second, then the page is rendered without it.
            "OPTIONS": {
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
        # The test suite keeps its own per-process cache even where REDIS_URL is set, so that
        # its workers never share (or flush) a Redis that something else uses.
        if REDIS_URL and not TESTING
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Public pages are kept whole in that cache and invalidated by any write (hlderp/public_cache.py).
# On by default only where every process that writes shares the cache: Redis, or the one test
# process. Not in development without Redis: `make run` is one process among others that write
# (`manage.py shell`, `load_registry`), whose writes could not reach its local memory, so a
# developer would see an old page for a minute; rendering every page is cheap there.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 60 if REDIS_URL or TESTING else 0)
# A response larger than this is never kept (an export, a long unfiltered list): a few such
# pages would otherwise push everything else out of the cache.
PUBLIC_PAGE_CACHE_MAX_BYTES = env_int("PUBLIC_PAGE_CACHE_MAX_BYTES", 1_000_000)
# After a failed call to the cache, the page cache leaves it alone this long before trying
# again (a Redis that does not answer costs one socket timeout per process per pause).
PUBLIC_PAGE_CACHE_RETRY_SECONDS = env_int("PUBLIC_PAGE_CACHE_RETRY_SECONDS", 5)
# The next moment a cached page goes out of date by the clock alone (an embargo lifting): a
# function of no arguments returning an aware datetime or None. Named here, not imported by
# hlderp/public_cache.py, so that the project package does not import the apps back.
PUBLIC_PAGE_CACHE_VALID_UNTIL = "consultations.selectors.embargo.embargo_next_lift"
# What a write changes and what a page shows (the scopes a page is kept with): named here too.
PUBLIC_PAGE_CACHE_SCOPES = "consultations.page_scopes"

# --- The live pages (consultations/live.py) ----------------------------------------------------
# The projector, the meeting page and the delegate portal follow the floor through server-sent
# events, served by the ASGI application (hlderp/asgi.py: uvicorn). With several app servers,
# every change goes through Redis pub/sub; without REDIS_URL (one process, `make run`), through
# memory. The test suite keeps to memory, as it does for the cache.
LIVE_REDIS_URL = os.environ.get("LIVE_REDIS_URL", REDIS_URL) if not TESTING else ""
# The channel, per deployment sharing one Redis (as the cache's KEY_PREFIX).
LIVE_CHANNEL = os.environ.get("LIVE_CHANNEL") or (
    os.environ.get("CACHE_KEY_PREFIX", "") + "hlderp:floor"
)
# Seconds between the comments that keep a quiet stream open through proxies.
LIVE_KEEPALIVE = env_int("LIVE_KEEPALIVE", 20)
if DEBUG:
    # Under the ASGI server every static file WhiteNoise sends (a file, read synchronously)
    # raises this warning on the console of `make run`; it says nothing about our code.
    warnings.filterwarnings(
        "ignore", "StreamingHttpResponse must consume synchronous iterators", Warning
    )

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
if DEBUG and not TESTING:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STATEMENT_MAX_UPLOAD_BYTES = env_int("STATEMENT_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)

# Uploaded files go to S3 or an S3-compatible service (MinIO, Ceph...) when
# AWS_STORAGE_BUCKET_NAME is set, so that every app server sees the same files; under MEDIA_ROOT
# otherwise. The objects stay private: no ACL is sent (the bucket's own policy applies, private
# by default) and every URL boto3 makes is signed, but the app hands none out: StatementFileView
# reads the file through the storage after its permission check. Access keys come from boto3's
# own chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment, a profile, an
# instance role), never from this file.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,  # None: AWS itself
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("AWS_LOCATION", ""),  # a key prefix, e.g. "media"
            "default_acl": None,
            "querystring_auth": True,
            "signature_version": "s3v4",  # AWS refuses SigV2 in newer regions
            "file_overwrite": False,  # as on disk: an existing name gets a suffix, never replaced
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600

# --- Background jobs ------------------------------------------------------------------------
# E-mails, webhook deliveries and large exports run as jobs (django-tasks, the backport of
# Django 6's task framework). "database": each job is a row written in the same transaction as
# the change that asks for it, run by `manage.py jobs_worker` (hlderp/jobs/worker.py), on
# SQLite and PostgreSQL alike. "immediate": run at once when the change commits, in the
# request (the test suite's default; the tests of the queue itself use "database").
JOBS_BACKEND = os.environ.get("JOBS_BACKEND", "immediate" if TESTING else "database")
_JOB_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if JOBS_BACKEND not in _JOB_BACKENDS:
    raise ImproperlyConfigured(f"JOBS_BACKEND must be database or immediate, not {JOBS_BACKEND!r}.")
TASKS = {"default": {"BACKEND": _JOB_BACKENDS[JOBS_BACKEND], "QUEUES": ["default", "exports"]}}
# A job that raises is tried again after 30 s, 60 s, 120 s... (at most an hour apart), up to
# JOBS_MAX_ATTEMPTS attempts in all; then it shows as failed in the admin (Background jobs).
JOBS_MAX_ATTEMPTS = env_int("JOBS_MAX_ATTEMPTS", 8)
JOBS_MAX_ATTEMPTS_BY_TASK: dict[str, int] = {}
JOBS_RETRY_BACKOFF_SECONDS = float(os.environ.get("JOBS_RETRY_BACKOFF_SECONDS", "30"))
JOBS_RETRY_BACKOFF_MAX_SECONDS = float(os.environ.get("JOBS_RETRY_BACKOFF_MAX_SECONDS", "3600"))
# Each worker beats every JOBS_HEARTBEAT_SECONDS; a job left running by a worker unseen for
# JOBS_WORKER_LOST_SECONDS (killed mid-job) is run again by another.
JOBS_HEARTBEAT_SECONDS = float(os.environ.get("JOBS_HEARTBEAT_SECONDS", "10"))
JOBS_WORKER_LOST_SECONDS = float(os.environ.get("JOBS_WORKER_LOST_SECONDS", "60"))
# `make run` (runserver, DEBUG): a worker runs in a thread of the server, no other process.
JOBS_WORKER_IN_PROCESS = env_bool("JOBS_WORKER_IN_PROCESS", DEBUG and not TESTING)
# Webhook deliveries: seconds to wait for the receiver's answer.
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))
# A hook's host must resolve to a public address (no loopback, private or link-local one), so
# that a registered URL cannot reach inside the network; allowed in development and tests.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", DEBUG or TESTING)

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds before a mail server that does not answer counts as down (the job is tried again).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# The site's public address, for links in e-mails (e.g. https://hlderp.example.org).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
# Where a document symbol (A/61/515) links: "{symbol}" is replaced by the symbol; empty, no link.
DOCUMENT_SYMBOL_URL = os.environ.get("DOCUMENT_SYMBOL_URL", "https://undocs.org/{symbol}")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hlderp <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Sessions in the database, read from the cache where every process shares it (hlderp/sessions.py);
# from the database alone in development without Redis, where other processes could not reach it.
SESSION_ENGINE = (
    "hlderp.sessions" if REDIS_URL or TESTING else "django.contrib.sessions.backends.db"
)

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # A balancer probes each server directly, over plain HTTP (hlderp/health.py).
    SECURE_REDIRECT_EXEMPT = [r"^health/"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Scripts and styles only from our own origin: no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Reference data loaded by `manage.py load_registry` after the registry's own files.
REFERENCE_DATA_LOADERS = ["consultations.loading.themes_load"]

# --- Libraries ------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Import needs the model's change permission and export its view permission, not just is_staff.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- The API (/api/v1/; README "API") ---------------------------------------------------------
# Requests per token (or per signed-in user, or per address for anonymous readers), counted in
# the default cache (Redis when REDIS_URL is set: shared by every app server).
API_RATE_ANONYMOUS = os.environ.get("API_RATE_ANONYMOUS", "60/min")
API_RATE_USER = os.environ.get("API_RATE_USER", "600/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "registry.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["registry.api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["registry.api.throttling.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anonymous": API_RATE_ANONYMOUS, "user": API_RATE_USER},
    # An anonymous reader is counted by the address the trusted proxies saw (as the lockout
    # does), never by an X-Forwarded-For the client wrote itself.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_PAGINATION_CLASS": "registry.api.pagination.Cursor",
    # JSON bodies (a file upload names its own parser): a form encoding cannot say null.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "registry.api.schema.Schema",
    "EXCEPTION_HANDLER": "registry.api.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "hlderp API",
    "DESCRIPTION": (
        "The record of intergovernmental consultations: processes, meetings, speakers lists, "
        "published statements, positions and the registry. Errors are RFC 9457 problem "
        "details (application/problem+json)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "registry.api.schema.problems_postprocess",
    ],
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "consultations.choices.Language",
        "StatementStateEnum": "consultations.choices.StatementState",
        "StanceEnum": "consultations.choices.Stance",
        "MeetingKindEnum": "consultations.choices.MeetingKind",
        "MeetingStatusEnum": "consultations.choices.MeetingStatus",
        "StakeholderKindEnum": "registry.choices.StakeholderKind",
        "GroupingKindEnum": "registry.choices.GroupingKind",
        "ProtocolRankEnum": "registry.choices.ProtocolRank",
    },
}

from import_export.formats.base_formats import CSV, XLSX  # noqa: E402

IMPORT_EXPORT_FORMATS = [CSV, XLSX]
