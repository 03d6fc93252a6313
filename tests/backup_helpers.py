"""What the backup tests share: the uploads, counts and checksums taken independently of
hlderp/backup.py, the empty second database a restore goes into, and ``manage.py`` run as an
operator runs it."""

import datetime
import hashlib
import io
import os
import sqlite3
import subprocess
import sys
import tarfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.apps import apps
from django.db import connection
from psycopg import sql

REPO = Path(__file__).resolve().parent.parent
PDF = "statements/5b1c0e3f9a8d4e7b8c2a1f0e9d8c7b6a.pdf"
DOCX = "statements/0f9e8d7c6b5a49382716f5e4d3c2b1a0.docx"
BACKED_UP_AT = datetime.datetime(2026, 11, 10, 15, 0, 30, tzinfo=datetime.UTC)
UPLOADS = {
    PDF: b"%PDF-1.4\n% Statement of Belgium, plenary, 14 September 2006\n%%EOF\n",
    DOCX: b"PK\x03\x04 Statement of Mexico, round table 1",
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put_uploads(root: Path) -> None:
    for relative, content in UPLOADS.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(content)


def tree_checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): sha256(path.read_bytes())
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def table_counts() -> dict[str, int]:
    """Rows per table of the test database, through Django's introspection."""
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def model_tables() -> set[str]:
    """The table of every installed model, the auto-created many-to-many ones included."""
    return {"django_migrations"} | {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def pg_params(dbname: str) -> dict[str, str]:
    settings_dict = connection.settings_dict
    params = {
        "dbname": dbname,
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"],
        "host": settings_dict["HOST"],
        "port": settings_dict["PORT"],
    }
    return {key: str(value) for key, value in params.items() if value}


@dataclass
class Target:
    """A second database of the test database's vendor, for a restore to go into."""

    vendor: str
    name: str  # SQLite: the file; PostgreSQL: the database name
    url: str

    def counts(self) -> dict[str, int]:
        if self.vendor == "sqlite":
            with closing(sqlite3.connect(self.name)) as db:
                tables = db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name != 'sqlite_sequence'"
                ).fetchall()
                return {
                    table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                    for (table,) in tables
                }
        with psycopg.connect(**pg_params(self.name)) as db:
            tables = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            return {
                table: db.execute(
                    sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table))
                ).fetchone()[0]
                for (table,) in tables.fetchall()
            }

    def scalar(self, query: str):
        if self.vendor == "sqlite":
            with closing(sqlite3.connect(self.name)) as db:
                return db.execute(query).fetchone()[0]
        with psycopg.connect(**pg_params(self.name)) as db:
            return db.execute(query).fetchone()[0]

    def execute(self, statement: str) -> None:
        if self.vendor == "sqlite":
            with closing(sqlite3.connect(self.name)) as db:
                db.execute(statement)
                db.commit()
        else:
            with psycopg.connect(**pg_params(self.name), autocommit=True) as db:
                db.execute(statement)


def manage(*arguments, target: Target, media_root: Path) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process against ``target`` and ``media_root``."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTEST", "DJANGO_")) and name != "SECRET_KEY"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="hlderp.settings",
        DATABASE_URL=target.url,
        MEDIA_ROOT=str(media_root),
        HLDERP_VAR_DIR=str(media_root.parent / "var"),
        DEBUG="1",
    )
    return subprocess.run(
        [sys.executable, "manage.py", *map(str, arguments)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def rewrite_archive(
    archive: Path,
    destination: Path,
    *,
    replace: dict[str, bytes] | None = None,
    append: tuple[tuple[str, bytes], ...] = (),
) -> Path:
    """A copy of ``archive``: members replaced by their path in its folder, others appended."""
    replace = replace or {}
    with tarfile.open(archive, "r:gz") as source, tarfile.open(destination, "w:gz") as copy:
        for member in source:
            data = source.extractfile(member).read()
            data = replace.get(member.name.split("/", 1)[1], data)
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
        for name, data in append:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return destination


def archive_member(archive: Path, relative: str) -> bytes:
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            if member.name.split("/", 1)[1] == relative:
                return tar.extractfile(member).read()
    raise KeyError(relative)


def media_folder(tmp_path: Path, name: str = "restored-media") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return folder
