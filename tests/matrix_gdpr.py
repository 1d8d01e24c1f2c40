"""Permission-matrix rows for the personal-data pages (``vanort.privacy``).

Wired into :mod:`tests.test_matrix` (``MATRIX += ROWS``). Administrators and coordinators read
the register of their own municipality (the other municipality's coordinator reads its own);
only administrators search, export and erase a person — all by POST, so the person is named in
no URL. Without a name or an e-mail address the search, the export and the erasure answer 400
(nothing to do), and an erasure POST without its confirmation box is 400 as well.
"""

from __future__ import annotations

from tests.test_matrix import ALL_405, row

ADMIN_ONLY = "302 200 403 403 403 403 403"
ADMIN_ONLY_INVALID = "302 400 403 403 403 403 403"

ROWS = [
    row("privacy:register", get="302 200 200 403 403 403 200", post=ALL_405),
    row("privacy:person", get=ADMIN_ONLY, post=ADMIN_ONLY),
    row("privacy:person_export", get=ALL_405, post=ADMIN_ONLY_INVALID),
    row("privacy:person_erase", get=ALL_405, post="302 302 403 403 403 403 403"),
]
