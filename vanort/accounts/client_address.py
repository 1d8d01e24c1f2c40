"""The client address that django-axes locks out, read only as far as the trusted proxies reach.

Each trusted proxy (nginx with ``proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for``)
appends the address it was connected from to ``X-Forwarded-For``. With ``VANORT_TRUSTED_PROXY_COUNT``
proxies in front of Vänort the client is the entry that many places from the right; anything to
its left was written by the client and is not believed. With no proxy (count 0) the header is
ignored and the connecting address (``REMOTE_ADDR``) is the client."""

from django.conf import settings


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = settings.VANORT_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) < count:
        return remote  # not passed through every trusted proxy: only the connection is known
    return forwarded[-count]
