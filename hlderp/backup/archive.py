"""The archive file: its layout, writing it, and reading it back without trusting it."""

import hashlib
import io
import json
import os
import tarfile
import zlib
from pathlib import Path, PurePosixPath, PureWindowsPath

from django.utils import timezone

from hlderp.backup.errors import BackupError

FORMAT = "hlderp-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class _HashingReader:
    """Hands tarfile the bytes of a file and hashes exactly what went into the archive."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        return data


def archive_manifest(archive: Path) -> dict:
    """The manifest of an archive, read from its first member without unpacking the rest.

    Raises ``BackupError`` if the file is not an hlderp backup of a format this code reads.
    """
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.next()
            if member is None or PurePosixPath(member.name).parts[1:] != (MANIFEST,):
                raise BackupError(
                    f"{archive} is not an hlderp backup: it does not start with "
                    f"<folder>/{MANIFEST}."
                )
            _check_member(member)
            manifest = json.loads(tar.extractfile(member).read())
    except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError) as error:
        raise BackupError(f"{archive} is not a readable hlderp backup: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is not an hlderp backup (its manifest has another format).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{archive} has backup format version {manifest.get('format_version')!r}; this "
            f"hlderp reads version {FORMAT_VERSION}. Restore it with the hlderp that made it."
        )
    database = manifest.get("database")
    if not (
        isinstance(database, dict)
        and {"vendor", "dump", "sha256"} <= database.keys()
        and isinstance(manifest.get("created_at"), str)
        and all(isinstance(manifest.get(key), dict) for key in ("migrations", "tables", "media"))
    ):
        raise BackupError(f"{archive} has an incomplete manifest: it cannot be restored.")
    for relative in manifest["media"]:
        path = PurePosixPath(relative)
        if path.is_absolute() or ".." in path.parts or not path.parts:
            raise BackupError(f"{archive}: the manifest names a file outside MEDIA_ROOT.")
    return manifest


def archive_write(
    partial: Path, *, stem: str, manifest: dict, dump: Path, media_root: Path
) -> None:
    def owned_by_nobody(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mode = 0o644
        return info

    data = json.dumps(manifest, indent=2).encode()
    info = owned_by_nobody(tarfile.TarInfo(f"{stem}/{MANIFEST}"))
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with (
        os.fdopen(descriptor, "wb") as raw,
        tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar,
    ):
        tar.addfile(info, io.BytesIO(data))
        tar.add(dump, arcname=f"{stem}/{dump.name}", filter=owned_by_nobody)
        for relative, checksum in manifest["media"].items():
            path = media_root / relative
            try:
                handle = path.open("rb")
            except FileNotFoundError:
                raise BackupError(
                    f"{path} disappeared while the backup ran; run it again."
                ) from None
            with handle:
                info = tar.gettarinfo(arcname=f"{stem}/{MEDIA}/{relative}", fileobj=handle)
                reader = _HashingReader(handle)
                tar.addfile(owned_by_nobody(info), reader)
            if reader.sha256.hexdigest() != checksum:
                raise BackupError(f"{path} changed while the backup ran; run the backup again.")


def archive_extract(archive: Path, staging: Path) -> Path:
    """Unpack member by member, refusing the whole archive at the first unsafe member."""
    folder = None
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                _check_member(member)
                top = PurePosixPath(member.name).parts[0]
                if folder not in (None, top):
                    raise BackupError(
                        f"{archive.name} is not an hlderp backup: it has more than one "
                        f"top-level folder ({folder}, {top})."
                    )
                folder = top
                tar.extract(member, staging, filter="data")
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise BackupError(f"{archive} is not a readable hlderp backup: {error}") from None
    return staging / folder


def plain_name(name: str) -> str:
    if not name or PurePosixPath(name).name != name or name in {".", ".."}:
        raise BackupError(f"The manifest names the dump {name!r}, which is not a plain file name.")
    return name


def _check_member(member: tarfile.TarInfo) -> None:
    name = member.name
    path = PurePosixPath(name)
    if path.is_absolute() or PureWindowsPath(name).is_absolute() or ".." in path.parts:
        raise BackupError(
            f"Refused: the archive member {name!r} has an absolute path or '..'. An archive "
            "made by `manage.py backup` has neither; this one may try to write outside its "
            "folder. Nothing was restored."
        )
    if not (member.isfile() or member.isdir()):
        raise BackupError(
            f"Refused: the archive member {name!r} is a link or a special file, which "
            "`manage.py backup` never writes. Nothing was restored."
        )
