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


def tracked_text_files():
    try:
        listing = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: there is no list of tracked files to check")
    for name in listing.decode().split("\0"):
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
