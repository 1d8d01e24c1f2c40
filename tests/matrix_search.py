"""Permission-matrix rows for the site-wide search (``vanort.search``).

Wired into :mod:`tests.test_matrix`. The page is open to everyone (the anonymous public searches
public records); what each role finds is the gate's answer, tested per role with real records in
``tests/search/test_search.py``. It takes GET only.
"""

from __future__ import annotations

from tests.test_matrix import ALL_200, ALL_405, row

ROWS = [
    row("search:results", get=ALL_200, post=ALL_405),
]
