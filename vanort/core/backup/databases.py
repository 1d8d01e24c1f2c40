"""Dumping and restoring the database: SQLite through its online-backup API, PostgreSQL through
its own client programs (``pg_dump``, ``pg_restore``, ``psql``).

Each engine works on a Django ``DATABASES`` entry, so the same code serves the command (the
configured database) and the tests (scratch databases).
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from contextlib import closing
from pathlib import Path

from django.utils.translation import gettext as _

from vanort.core.backup.errors import BackupError

SQLITE_TIMEOUT = 20  # seconds to wait for the write lock, as the site does


def engine_name(db: dict) -> str:
    """``sqlite`` or ``postgresql``: the engines a backup can hold."""
    engine = db["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return "sqlite"
    if engine == "postgresql":
        return "postgresql"
    raise BackupError(
        _("Backups are made of SQLite and PostgreSQL databases only, not %(engine)s.")
        % {"engine": db["ENGINE"]}
    )


def for_settings(db: dict) -> SqliteDatabase | PostgresDatabase:
    return SqliteDatabase(db) if engine_name(db) == "sqlite" else PostgresDatabase(db)


def latest_per_app(rows) -> dict[str, str]:
    """The latest applied migration of each app from ``(app, name)`` rows (names start with a number)."""
    latest: dict[str, str] = {}
    for app, name in rows:
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


class SqliteDatabase:
    engine = "sqlite"
    dump_name = "database.sqlite3"

    def __init__(self, db: dict):
        self.path = Path(db["NAME"])

    def dump(self, target: Path) -> None:
        """Copy the live database into ``target`` while the site keeps writing.

        The backup API copies every page in one step (``pages=-1``) inside one read transaction:
        with WAL, writers go on meanwhile and the copy is the database as of that moment. (Copying
        in small steps would restart whenever someone writes, and might never finish.)
        """
        if not self.path.exists():
            raise BackupError(
                _("The SQLite database %(path)s does not exist.") % {"path": self.path}
            )
        source = sqlite3.connect(self.path, timeout=SQLITE_TIMEOUT)
        copy = sqlite3.connect(target)
        try:
            _copy_pages(source, copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        except (sqlite3.Error, TimeoutError) as error:
            raise BackupError(
                _("The database could not be copied: %(error)s") % {"error": error}
            ) from None
        finally:
            copy.close()
            source.close()
        self.check_dump(target)

    def check_dump(self, dump: Path) -> None:
        try:
            with closing(sqlite3.connect(f"file:{dump}?mode=ro", uri=True)) as copy:
                result = copy.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise BackupError(
                _("The database in the backup is damaged: %(error)s") % {"error": error}
            ) from None
        if result != "ok":
            raise BackupError(
                _("The database in the backup is damaged: %(error)s") % {"error": result}
            )

    def migrations(self, dump: Path) -> dict[str, str]:
        with closing(sqlite3.connect(f"file:{dump}?mode=ro", uri=True)) as copy:
            try:
                return latest_per_app(copy.execute("SELECT app, name FROM django_migrations"))
            except sqlite3.OperationalError:
                return {}

    def referenced_files(self, dump: Path, columns: list[tuple[str, str]]) -> set[str]:
        """The file names the rows of the dump refer to in ``columns`` (``(table, column)``)."""
        names: set[str] = set()
        with closing(sqlite3.connect(f"file:{dump}?mode=ro", uri=True)) as copy:
            for table, column in columns:
                present = {row[1] for row in copy.execute(f"PRAGMA table_info({_quote(table)})")}
                if column in present:  # an older schema may lack it
                    names.update(
                        row[0]
                        for row in copy.execute(
                            f"SELECT {_quote(column)} FROM {_quote(table)} WHERE {_quote(column)} <> ''"
                        )
                    )
        return names

    def table_count(self) -> int:
        if not self.path.exists():
            return 0
        with closing(sqlite3.connect(self.path, timeout=SQLITE_TIMEOUT)) as live:
            return live.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]

    def restore(self, dump: Path, *, replace: bool) -> None:
        """Write the verified copy into the database file in one transaction.

        The backup API, run the other way, replaces every page of the target inside one write
        transaction: on any error nothing changes, and the WAL file and open readers stay
        consistent (which swapping the file itself would not guarantee). ``replace`` is implied:
        the caller checked that the target is empty or that --force was given.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
        target = sqlite3.connect(self.path, timeout=SQLITE_TIMEOUT)
        try:
            _copy_pages(source, target)
        except (sqlite3.Error, TimeoutError) as error:
            raise BackupError(
                _("Restoring the database failed; it was left as it was: %(error)s")
                % {"error": error}
            ) from None
        finally:
            target.close()
            source.close()


def _copy_pages(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """``source.backup(target)`` in one step, giving up after SQLITE_TIMEOUT seconds of waiting.

    Python retries a busy database for ever; the progress callback, called after every try,
    ends the wait (the unfinished copy is rolled back on the target).
    """
    deadline = time.monotonic() + SQLITE_TIMEOUT

    def progress(status, remaining, total):
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise TimeoutError(_("the database stayed locked by another connection"))

    source.backup(target, progress=progress)


class PostgresDatabase:
    engine = "postgresql"
    dump_name = "database.pgdump"
    SYSTEM_SCHEMAS = "('pg_catalog', 'information_schema')"

    def __init__(self, db: dict):
        self.db = db

    def environment(self) -> dict[str, str]:
        """Connection settings for the client programs; the password travels only here, never in argv."""
        env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        values = {
            "PGHOST": self.db.get("HOST"),
            "PGPORT": self.db.get("PORT"),
            "PGUSER": self.db.get("USER"),
            "PGPASSWORD": self.db.get("PASSWORD"),
            "PGDATABASE": self.db["NAME"],
            "PGSSLMODE": (self.db.get("OPTIONS") or {}).get("sslmode"),
            "PGAPPNAME": "vanort-backup",
        }
        env.update({key: str(value) for key, value in values.items() if value})
        return env

    def run(self, program: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [client_program(program), *args], env=self.environment(), capture_output=True, **kwargs
        )
        if result.returncode != 0:
            raise BackupError(
                _("%(program)s failed: %(error)s") % {"program": program, "error": _stderr(result)}
            )
        return result

    def dump(self, target: Path) -> None:
        """``pg_dump`` in custom format: one consistent snapshot while the site keeps writing."""
        self.run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}")

    def check_dump(self, dump: Path) -> None:
        self.run("pg_restore", "--list", str(dump))

    def migrations(self, dump: Path) -> dict[str, str]:
        """The applied migrations as stored in the dump itself (the same snapshot as the data)."""
        rows = self._copied_rows(dump, ["django_migrations"])
        return latest_per_app((row["app"], row["name"]) for _table, row in rows)

    def referenced_files(self, dump: Path, columns: list[tuple[str, str]]) -> set[str]:
        """The file names the rows of the dump refer to in ``columns`` (``(table, column)``)."""
        wanted: dict[str, set[str]] = {}
        for table, column in columns:
            wanted.setdefault(table, set()).add(column)
        return {
            row[column]
            for table, row in self._copied_rows(dump, sorted(wanted))
            for column in wanted[table]
            if row.get(column)
        }

    def _copied_rows(self, dump: Path, tables: list[str]) -> list[tuple[str, dict]]:
        """``(table, row)`` for every row of ``tables`` in the dump, read from ``pg_restore``'s COPY text."""
        script = self.run(
            "pg_restore",
            "--data-only",
            *(f"--table={table}" for table in tables),
            "--file=-",
            str(dump),
            text=True,
        ).stdout
        rows, table, columns = [], None, None
        for line in script.splitlines():
            if columns is None:
                if line.startswith("COPY ") and "(" in line:
                    table = line.split()[1].rsplit(".", 1)[-1].strip('"')
                    columns = [
                        column.strip().strip('"')
                        for column in line[line.index("(") + 1 : line.index(")")].split(",")
                    ]
            elif line == "\\.":
                columns = None
            else:
                values = [_copy_value(value) for value in line.split("\t")]
                rows.append((table, dict(zip(columns, values, strict=True))))
        return rows

    def _relations(self) -> list[tuple[str, str, str]]:
        """(kind, schema, name) of every table, view and sequence outside the system (extensions' own excluded)."""
        query = f"""
            SELECT c.relkind, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND n.nspname NOT IN {self.SYSTEM_SCHEMAS}
              AND n.nspname NOT LIKE 'pg\\_%'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
            ORDER BY n.nspname, c.relname"""
        output = self.run(
            "psql",
            "--no-psqlrc",
            "--tuples-only",
            "--no-align",
            "--field-separator=\t",
            "--command",
            query,
            text=True,
        ).stdout
        return [tuple(line.split("\t")) for line in output.splitlines() if line]

    def table_count(self) -> int:
        return len(self._relations())

    def restore(self, dump: Path, *, replace: bool) -> None:
        """Restore the dump into this database in ONE transaction, old objects dropped in the same one.

        ``pg_restore`` turns the dump into SQL and ``psql --single-transaction`` runs it after the
        DROP statements (under --force): if any statement fails, everything is rolled back and the
        database is as it was. (``pg_restore --single-transaction`` alone could not drop the
        objects that are not in the dump within the same transaction.)
        """
        kinds = {
            "r": "TABLE",
            "p": "TABLE",
            "v": "VIEW",
            "m": "MATERIALIZED VIEW",
            "f": "FOREIGN TABLE",
            "S": "SEQUENCE",
        }
        drops = (
            [
                f"DROP {kinds[kind]} IF EXISTS {_quote(schema)}.{_quote(name)} CASCADE;"
                for kind, schema, name in self._relations()
            ]
            if replace
            else []
        )
        with tempfile.NamedTemporaryFile("w", suffix=".sql", dir=dump.parent) as preamble:
            preamble.write("\n".join(drops) + "\n")
            preamble.flush()
            env = self.environment()
            producer = subprocess.Popen(
                [
                    client_program("pg_restore"),
                    "--no-owner",
                    "--no-privileges",
                    "--file=-",
                    str(dump),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
            consumer = subprocess.run(
                [
                    client_program("psql"),
                    "--no-psqlrc",
                    "--quiet",
                    "--single-transaction",
                    "--set=ON_ERROR_STOP=1",
                    f"--file={preamble.name}",
                    "--file=-",
                ],
                stdin=producer.stdout,
                capture_output=True,
                env=env,
            )
            producer.stdout.close()
            producer_error = producer.stderr.read().decode(errors="replace").strip()
            producer.wait()
        if consumer.returncode != 0 or producer.returncode != 0:
            error = _stderr(consumer) or producer_error
            raise BackupError(
                _("Restoring the database failed; it was left as it was: %(error)s")
                % {"error": error}
            )
        self.run(
            "psql", "--no-psqlrc", "--quiet", "--command=ANALYZE"
        )  # pg_restore brings no planner statistics


def client_program(name: str) -> str:
    """A PostgreSQL client program from PATH, else from the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if candidates:
        return candidates[-1]
    raise BackupError(
        _(
            "The PostgreSQL program %(program)s was not found (on PATH or in /usr/lib/postgresql/*/bin). "
            "Install the PostgreSQL client, e.g. apt-get install postgresql-client-15."
        )
        % {"program": name}
    )


def _stderr(result) -> str:
    text = (
        result.stderr.decode(errors="replace")
        if isinstance(result.stderr, bytes)
        else result.stderr
    )
    return text.strip()


_COPY_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


def _copy_value(text: str) -> str | None:
    """One column of PostgreSQL's COPY text format: ``\\N`` is NULL, backslashes escape."""
    if text == "\\N":
        return None
    if "\\" not in text:
        return text
    out, chars = [], iter(text)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append(_COPY_ESCAPES.get(following, following))
        else:
            out.append(char)
    return "".join(out)


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
