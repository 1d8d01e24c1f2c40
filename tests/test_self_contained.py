"""A clone of Vänort stands alone: no tracked file refers to a path outside the repository.

Code, tests, docs, scripts and CI must run and make sense in a folder of its own (e.g. no
``shared/`` beside the clone): data the project needs is shipped inside it.
"""

import re
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.engine_independent

REPO = Path(__file__).resolve().parents[1]

#: What a reference to a place outside the repository looks like.
OUTSIDE = re.compile(
    r"/work/"  # the development machine's folders
    r"|\.\./shared\b|\bshared/data\b|VANORT_SHARED_DATA"  # the folder beside the clone
    r"|\b(?:REPO|ROOT|BASE_DIR)\.parent\b"  # code climbing out of the repository root
    r"|(?<![\w$])/(?:home|Users)/\w"  # someone's home folder
)
#: Files that may name such a path, and why.
ALLOWED = {
    "tests/test_self_contained.py",  # the patterns above
}


#: Folders that are made on a machine, never part of the project (used outside a git checkout).
MADE_HERE = {".git", ".venv", "var", "media", "staticfiles", "test-artifacts", "build", "node_modules",
             "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis"}


def project_files() -> list[str]:
    """The tracked files; outside a git checkout (an unpacked release), every file but what a
    machine makes, so the check still runs there."""
    try:
        listing = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
        return listing.decode().split("\0")
    except (OSError, subprocess.CalledProcessError):
        return [
            path.relative_to(REPO).as_posix() for path in REPO.rglob("*")
            if path.is_file() and not MADE_HERE & set(path.relative_to(REPO).parts)
            and not path.name.endswith(".egg-info")
        ]


def tracked_text_files():
    for name in project_files():
        path = REPO / name
        if not name or name in ALLOWED or not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" in data[:8192]:
            continue  # binary (compiled catalogue, images, fonts)
        try:
            yield name, data.decode("utf-8")
        except UnicodeDecodeError:
            continue  # not text (gzipped data)


def test_no_tracked_file_refers_to_a_path_outside_the_repository():
    found = [
        f"{name}:{text.count(chr(10), 0, hit.start()) + 1}: {hit.group()}"
        for name, text in tracked_text_files()
        for hit in OUTSIDE.finditer(text)
    ]
    assert not found, "Paths outside the repository:\n" + "\n".join(found)


def test_the_check_sees_code_docs_scripts_and_ci():
    names = {name for name, _text in tracked_text_files()}
    assert {"README.md", "dev", ".ci/run", "bench/README.md", "docs/testing.md", "vanort/twins/importer.py"} <= names
