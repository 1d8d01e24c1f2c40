"""An administrator without a verified second factor is sent to enrol or verify from every administration page.

The rows are the permission matrix's (its world too); the matrix itself runs as a verified administrator.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.test_matrix import MATRIX, matrix_world  # noqa: F401 (the module-wide world fixture)
from vanort.accounts import second_factor
from vanort.core.roles import Role

pytestmark = pytest.mark.engine_independent

ADMIN_ROWS = [r for r in MATRIX if second_factor.is_admin_page(r.name)]


def test_the_user_pages_are_administration_pages():
    assert {r.name for r in ADMIN_ROWS} >= {
        "accounts:user_list",
        "accounts:user_detail",
        "accounts:user_edit",
        "accounts:user_create",
        "accounts:user_second_factor_reset",
    }


@pytest.mark.parametrize("enrolled", [False, True], ids=["not-enrolled", "enrolled"])
@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("matrix_row", ADMIN_ROWS, ids=[r.id for r in ADMIN_ROWS])
def test_unverified_administrator_is_sent_to_the_second_factor(
    matrix_world,  # noqa: F811 (the imported fixture)
    db,
    client,
    matrix_row,
    method,
    enrolled,
):
    admin = matrix_world.users[Role.ADMIN]
    if enrolled:
        TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client.force_login(admin)
    url = reverse(matrix_row.name, args=matrix_row.args(matrix_world))
    response = client.get(url) if method == "GET" else client.post(url, {})
    target = "accounts:second_factor_verify" if enrolled else "accounts:second_factor_enrol"
    assert response.status_code == 302
    assert response["Location"] == f"{reverse(target)}?{urlencode({'next': url})}"
