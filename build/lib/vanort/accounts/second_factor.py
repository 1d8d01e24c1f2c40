"""The second factor (TOTP, django-otp) that administrators need on administration pages.

:data:`ADMIN_PAGES` names the administration pages by URL name; :class:`SecondFactorMiddleware`
is the one gate: an administrator (role ``admin`` or superuser) whose session has not been
verified with a one-time code is sent to enrol (no device yet) or to verify. Everyone else passes
through to the pages' own permission checks. Wrong codes are throttled by django-otp: each
failure doubles the wait before the next code is even checked.
"""

from __future__ import annotations

from base64 import b32encode
from fnmatch import fnmatchcase
from urllib.parse import urlencode

import segno
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from vanort.core.roles import Role

#: URL names (``namespace:name``, shell patterns) of the pages that need a verified second factor:
#: user administration, the personal-data register, the municipality's settings, and Django's
#: admin if it is ever mounted.
ADMIN_PAGES = (
    "accounts:user_*", "privacy:*", "tenancy:municipality_edit", "tenancy:municipality_restore", "admin:*",
)


def is_admin_page(view_name: str) -> bool:
    return any(fnmatchcase(view_name, pattern) for pattern in ADMIN_PAGES)


def needs_second_factor(user) -> bool:
    """Administrators and superusers must prove a second factor on administration pages."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_superuser or user.role == Role.ADMIN)
    )


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_verified(request) -> bool:
    """Whether this session proved a code of a device the user still has (a reset ends it at once)."""
    device_id = request.session.get(DEVICE_ID_SESSION_KEY)
    if not device_id:
        return False
    device = TOTPDevice.from_persistent_id(device_id)
    return device is not None and device.confirmed and device.user_id == request.user.pk


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device whose secret an administrator is enrolling (made on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Vänort", confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret as authenticator apps ask for it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice, title: str) -> str:
    """The device's ``otpauth://`` address as an inline SVG QR code (no script, no image file)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, title=title, border=2)


def check_code(request, device: TOTPDevice, code: str) -> str | None:
    """Verify ``code``; on success mark the session verified and return ``None``.

    Returns ``"throttled"`` while earlier wrong codes make it wait, ``"wrong"`` for a wrong code.
    """
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        return "throttled"
    with transaction.atomic():
        if not device.verify_token(code.replace(" ", "")):
            return "wrong"
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return None


def reset(user) -> int:
    """Remove the user's devices (lost phone): the next administration page asks to enrol anew."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return deleted


def safe_next(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


class SecondFactorMiddleware:
    """The gate: administration pages need a verified second factor from administrators."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            match is None
            or not is_admin_page(match.view_name)
            or not needs_second_factor(request.user)
        ):
            return None
        if is_verified(request):
            return None
        target = (
            "accounts:second_factor_verify"
            if confirmed_device(request.user)
            else "accounts:second_factor_enrol"
        )
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
