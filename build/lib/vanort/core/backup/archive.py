"""The backup file: a tar (gzip-compressed unless it is named ``.tar``) holding

* ``database.sqlite3`` or ``database.pgdump`` — the database,
* ``media/…`` — every uploaded file,
* ``manifest.json`` — format version, Vänort version, engine, the latest applied migration of
  each app, when it was made, and the SHA-256 and size of every other member,
* ``manifest.sha256`` — the SHA-256 of ``manifest.json`` (a plain tar has no checksum of its own).

The manifest comes last: a file cut short lacks it. ``read_archive`` extracts into a staging
folder and checks all of it before anyone changes anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
import zlib
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from vanort.core.backup.errors import BackupError

FORMAT = "vanort-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
MEDIA = "media"
CHUNK = 1 << 20


class _Hashing:
    """A file read through, hashing exactly ``size`` bytes (what goes into the tar is what is hashed)."""

    def __init__(self, file, size: int):
        self.file, self.left, self.digest = file, size, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        size = self.left if size < 0 else min(size, self.left)
        data = self.file.read(size)
        self.left -= len(data)
        self.digest.update(data)
        return data


class ArchiveWriter:
    """Adds files to a new archive and records their checksums for the manifest."""

    def __init__(self, path: Path):
        mode = "w" if path.name.endswith(".tar") else "w:gz"
        self.raw = os.fdopen(
            os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb"
        )  # holds personal data
        self.tar = tarfile.open(
            fileobj=self.raw, mode=mode, **({} if mode == "w" else {"compresslevel": 6})
        )
        self.members: dict[str, dict] = {}

    def add_file(self, source: Path, name: str) -> None:
        with open(source, "rb") as file:
            stat = os.fstat(file.fileno())
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
            reader = _Hashing(file, stat.st_size)
            try:
                self.tar.addfile(info, reader)
            except (OSError, tarfile.TarError) as error:  # the file shrank while being read
                raise BackupError(
                    _(
                        "%(name)s changed while it was being copied; run the backup again. (%(error)s)"
                    )
                    % {"name": name, "error": error}
                ) from None
        self.members[name] = {"sha256": reader.digest.hexdigest(), "size": stat.st_size}

    def add_bytes(self, name: str, data: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mode = len(data), 0o600
        self.tar.addfile(info, _Hashing(_BytesReader(data), len(data)))

    def finish(self, manifest: dict) -> None:
        manifest = {**manifest, "members": self.members}
        data = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False).encode()
        self.add_bytes(MANIFEST, data)
        self.add_bytes(MANIFEST_SUM, hashlib.sha256(data).hexdigest().encode())
        self.close()

    def close(self) -> None:
        self.tar.close()
        self.raw.flush()
        os.fsync(self.raw.fileno())
        self.raw.close()


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.position = data, 0

    def read(self, size: int) -> bytes:
        chunk = self.data[self.position : self.position + size]
        self.position += len(chunk)
        return chunk


def _member_name(member: tarfile.TarInfo) -> str:
    """The member's name if it is one a backup may hold: a plain file, a relative path, no ``..``."""
    path = PurePosixPath(member.name)
    allowed = (
        member.name in {MANIFEST, MANIFEST_SUM}
        or member.name.startswith("database.")
        or (path.parts[:1] == (MEDIA,) and len(path.parts) > 1)
    )
    if not member.isreg() or path.is_absolute() or ".." in path.parts or not allowed:
        raise BackupError(
            _(
                "The backup file holds an unexpected entry “%(name)s”; it is not a Vänort backup or it was tampered with."
            )
            % {"name": member.name}
        )
    return member.name


def _damaged(detail) -> BackupError:
    return BackupError(
        _("The backup file is damaged or incomplete (%(error)s). Nothing was changed.")
        % {"error": detail}
    )


def read_archive(path: Path, staging: Path) -> dict:
    """Extract ``path`` into ``staging`` and return its manifest once every check has passed."""
    if not path.is_file():
        raise BackupError(_("There is no backup file %(path)s.") % {"path": path})
    found: dict[str, str] = {}
    small: dict[str, bytes] = {}
    try:
        with tarfile.open(path, "r:*") as tar:
            for member in tar:
                name = _member_name(member)
                if name in found:
                    raise _damaged(_("“%(name)s” occurs twice") % {"name": name})
                reader = _Hashing(tar.extractfile(member), member.size)
                if name in {MANIFEST, MANIFEST_SUM}:
                    small[name] = reader.read()
                else:
                    _copy_out(reader, staging / name)
                if reader.left:
                    raise _damaged(_("“%(name)s” is cut short") % {"name": name})
                found[name] = reader.digest.hexdigest()
            while tar.fileobj.read(CHUNK):  # to the end: gzip checks its CRC only there
                pass
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise _damaged(error) from None
    return _checked_manifest(small, found)


def _copy_out(reader: _Hashing, target: Path) -> None:
    """Write a member to ``target`` through ``reader`` (which hashes it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as out:
        while chunk := reader.read(CHUNK):
            out.write(chunk)


def _checked_manifest(small: dict[str, bytes], found: dict[str, str]) -> dict:
    if MANIFEST not in small or MANIFEST_SUM not in small:
        raise _damaged(_("the manifest is missing"))
    if (
        hashlib.sha256(small[MANIFEST]).hexdigest()
        != small[MANIFEST_SUM].decode(errors="replace").strip()
    ):
        raise _damaged(_("the manifest does not match its checksum"))
    try:
        manifest = json.loads(small[MANIFEST])
        members, fmt, version = manifest["members"], manifest["format"], manifest["format_version"]
        (
            manifest["engine"],
            manifest["database"],
            manifest["migrations"],
            manifest["created_at"],
            manifest["vanort_version"],
        )
    except (ValueError, KeyError, TypeError) as error:
        raise _damaged(_("the manifest cannot be read: %(error)s") % {"error": error}) from None
    if fmt != FORMAT:
        raise BackupError(_("This is not a Vänort backup."))
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            _(
                "The backup was made by a newer Vänort (backup format %(version)s). Update Vänort before restoring it."
            )
            % {"version": version}
        )
    del found[MANIFEST], found[MANIFEST_SUM]
    if set(members) != set(found) or manifest["database"] not in found:
        names = sorted(set(members) ^ set(found)) or [manifest["database"]]
        raise BackupError(
            _("The backup's files do not match its manifest (%(names)s). Nothing was changed.")
            % {"names": ", ".join(names)}
        )
    wrong = sorted(name for name, digest in found.items() if members[name].get("sha256") != digest)
    if wrong:
        raise BackupError(
            _(
                "Checksum mismatch in the backup: %(names)s. The file was changed or damaged; nothing was changed."
            )
            % {"names": ", ".join(wrong)}
        )
    return manifest
