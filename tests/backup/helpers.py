"""Running ``vanort`` as an operator would, scratch targets, and fingerprints of databases and files."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import quote

import psycopg

REPO = Path(__file__).resolve().parents[2]
WRITER = re.compile(r"^writer-(\d{5})$")


def database_url(db: dict) -> str:
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    credentials = f"{quote(db['USER'])}:{quote(db['PASSWORD'])}@" if db.get("USER") else ""
    return f"postgres://{credentials}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def run_vanort(*args: str, data_dir: Path, url: str | None = None) -> subprocess.CompletedProcess:
    """``vanort ARGS`` in a fresh process with its own data folder (and database URL, default: SQLite in it)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "VANORT_DATA_DIR"}
    }
    env["VANORT_DATA_DIR"] = str(data_dir)
    if url:
        env["DATABASE_URL"] = url
    return subprocess.run(
        [sys.executable, "-m", "vanort.cli", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def connect(db: dict):
    """A plain DB-API connection (no Django adapters), the same kind for source and copy."""
    if db["ENGINE"].endswith("sqlite3"):
        return sqlite3.connect(db["NAME"])
    return psycopg.connect(
        dbname=db["NAME"],
        user=db.get("USER"),
        password=db.get("PASSWORD"),
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
        autocommit=True,
    )


def _tables(cursor, sqlite: bool) -> list[str]:
    if sqlite:
        # Ordinary tables only: a full-text index's shadow tables (the search's FTS5 index) are derived
        # from its content table, which is compared, and hold traces of rows written after the snapshot.
        cursor.execute(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
            " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        )
    else:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
    return sorted(row[0] for row in cursor.fetchall())


def _writer_seq(row) -> int | None:
    for value in row:
        if isinstance(value, str) and (match := WRITER.match(value)):
            return int(match.group(1))
    return None


def table_digests(db: dict, *, writer_rows_below: int | None = None) -> dict[str, tuple[int, str]]:
    """Per table: (row count, SHA-256 of its rows in a stable order).

    With ``writer_rows_below=k`` the rows the concurrent writer made from number k on are left
    out: the source as it was when the backup's snapshot held writer rows 0 … k-1.
    """
    connection = connect(db)
    try:
        cursor = connection.cursor()
        digests = {}
        for table in _tables(cursor, isinstance(connection, sqlite3.Connection)):
            cursor.execute(f'SELECT * FROM "{table}"')
            rows = cursor.fetchall()
            if writer_rows_below is not None:
                rows = [row for row in rows if (_writer_seq(row) or 0) < writer_rows_below]
            lines = sorted(
                repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row))
                for row in rows
            )
            digests[table] = (len(rows), hashlib.sha256("\n".join(lines).encode()).hexdigest())
        return digests
    finally:
        connection.close()


def writer_numbers(db: dict, table: str) -> list[int]:
    connection = connect(db)
    try:
        cursor = connection.cursor()
        cursor.execute(f"SELECT name FROM \"{table}\" WHERE name LIKE 'writer-%'")
        return sorted(int(WRITER.match(row[0]).group(1)) for row in cursor.fetchall())
    finally:
        connection.close()


def file_digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def rewrite_archive(
    source: Path,
    target: Path,
    *,
    manifest=None,
    member=None,
    rechecksum: bool = True,
    drop: tuple[str, ...] = (),
) -> None:
    """Copy a backup, editing its manifest (``manifest(dict)``) or a member (``member(name, bytes) -> bytes``),
    or leaving the members named in ``drop`` out.

    With ``rechecksum`` the manifest's checksums are brought up to date (a careful forger);
    without, the old ones stay (a file changed behind the backup's back).
    """
    with tarfile.open(source, "r:*") as tar:
        members = {info.name: tar.extractfile(info).read() for info in tar}
    data = json.loads(members.pop("manifest.json"))
    members.pop("manifest.sha256")
    members = {name: content for name, content in members.items() if name not in drop}
    if member:
        members = {name: member(name, content) for name, content in members.items()}
    if rechecksum:
        data["members"] = {
            name: {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
            for name, content in members.items()
        }
    if manifest:
        manifest(data)
    members["manifest.json"] = json.dumps(data).encode()
    members["manifest.sha256"] = hashlib.sha256(members["manifest.json"]).hexdigest().encode()
    with tarfile.open(target, "w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
