"""The page cache's settings as `make run` and production start them (fresh processes, as in
tests/test_settings.py)."""

from tests.test_settings import PRODUCTION_KEY, _last_line, _run, _settings

NAMES = ["PUBLIC_PAGE_CACHE_SECONDS", "PUBLIC_PAGE_CACHE_MAX_BYTES"]


def test_development_without_redis_keeps_no_page_so_other_processes_writes_show_at_once(tmp_path):
    # `make run` keeps its cache in its own memory: a write from `manage.py shell` or
    # `load_registry` (another process) could not move its generation on.
    found = _settings(tmp_path, NAMES, DEBUG="1", REDIS_URL="")
    assert found == {"PUBLIC_PAGE_CACHE_SECONDS": 0, "PUBLIC_PAGE_CACHE_MAX_BYTES": 1_000_000}


def test_development_with_redis_shares_the_page_cache(tmp_path):
    found = _settings(tmp_path, NAMES, DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/15")
    assert found == {"PUBLIC_PAGE_CACHE_SECONDS": 60, "PUBLIC_PAGE_CACHE_MAX_BYTES": 1_000_000}


def test_production_reads_the_size_limit_from_the_environment(tmp_path):
    found = _settings(
        tmp_path,
        NAMES,
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="hlderp.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:6379/15",
        PUBLIC_PAGE_CACHE_MAX_BYTES="250000",
    )
    assert found == {"PUBLIC_PAGE_CACHE_SECONDS": 60, "PUBLIC_PAGE_CACHE_MAX_BYTES": 250_000}


def test_make_run_shows_a_write_from_another_process_at_once(tmp_path):
    # A development server (DEBUG, no Redis) renders /registry/; `manage.py load_registry` runs
    # beside it; the next request shows what it loaded, not a page kept from before.
    database = f"sqlite:///{tmp_path / 'dev.sqlite3'}"
    code = (
        "import subprocess; from django.core.management import call_command; "
        "from django.test import Client; "
        "call_command('migrate', verbosity=0); client = Client(); "
        "before = client.get('/registry/').content.decode(); "
        "subprocess.run([sys.executable, 'manage.py', 'load_registry'], check=True, "
        "capture_output=True); "
        "after = client.get('/registry/').content.decode(); "
        "print('Senegal' in before, 'Senegal' in after)"
    )
    child = _run(
        tmp_path, code, DEBUG="1", REDIS_URL="", DATABASE_URL=database, ALLOWED_HOSTS="testserver"
    )
    assert child.returncode == 0, child.stderr
    assert _last_line(child.stdout) == "False True"
