import pytest
from rest_framework.test import APIClient

from vanort.api.models import ApiToken


@pytest.fixture
def api():
    """``api(user)`` — a DRF client sending ``user``'s token (anonymous for ``None``)."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user)}")
        return client

    return make
