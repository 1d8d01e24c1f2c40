"""No secret in the access log of any server command (issue 18): the real ``vanort serve`` and the
production gunicorn command of docs/operations.md are started, asked for a private calendar and a
personal-data search, and their log output is scanned for the token and the search terms."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults.subprocesses import ROOT, environment, vanort
from tests.test_error_pages import fetch, free_port

pytestmark = pytest.mark.engine_independent

TOKEN = "s3cretCalendarToken4711"
NAME, EMAIL = "Ingrid Hemlig", "ingrid.hemlig@example.se"
SECRETS = (TOKEN, "Ingrid", "Hemlig", "ingrid.hemlig", "example.se")


def documented_gunicorn(port: int) -> list[str]:
    """The production ExecStart of docs/operations.md, bound to ``port``."""
    text = (ROOT / "docs" / "operations.md").read_text()
    line = re.search(r"^ExecStart=(\S*gunicorn .*)$", text, re.M).group(1)
    argv = shlex.split(line)
    argv[0] = str(Path(sys.executable).with_name("gunicorn"))
    argv[argv.index("--bind") + 1] = f"127.0.0.1:{port}"
    argv[argv.index("--workers") + 1] = "1"
    return argv


def scanned_log(server: subprocess.Popen, port: int) -> str:
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                fetch(f"http://127.0.0.1:{port}/", "sv")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    raise AssertionError(f"the server did not start:\n{server.stdout.read()}") from None
                time.sleep(0.5)
        status, _ = fetch(f"http://127.0.0.1:{port}/calendar/{TOKEN}.ics", "sv")
        assert status == 404
        query = f"name={NAME.replace(' ', '+')}&email={EMAIL}"
        fetch(f"http://127.0.0.1:{port}/personal-data/person/?{query}", "sv")
        time.sleep(1)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    return output


def assert_no_secret(log: str) -> None:
    assert "/calendar/….ics" in log, f"the calendar request is not in the log:\n{log}"
    assert "/personal-data/person/" in log
    for secret in SECRETS:
        assert secret not in log, f"{secret!r} in the access log:\n{log}"


@pytest.mark.django_db(transaction=True)
def test_vanort_serve_logs_neither_calendar_token_nor_search_terms(tmp_path):
    port = free_port()
    assert_no_secret(scanned_log(vanort("serve", "--port", str(port), "--workers", "1", data_dir=tmp_path), port))


@pytest.mark.django_db(transaction=True)
def test_the_documented_production_gunicorn_logs_no_secret(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        documented_gunicorn(port), cwd=ROOT, env=environment(tmp_path, VANORT_DEBUG="0"),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    assert_no_secret(scanned_log(server, port))
