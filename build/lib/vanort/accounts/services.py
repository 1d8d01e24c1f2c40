"""Creating users: the one function the admin pages and the ``createuser`` command share."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.db import transaction

from vanort.accounts.models import User
from vanort.core.roles import Role
from vanort.tenancy.models import Organisation


def user_create(*, username: str, password: str, organisation: Organisation, role: Role | str, email: str = "",
                first_name: str = "", last_name: str = "", validate_password: bool = True) -> User:
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        organisation=organisation,
        municipality_id=organisation.municipality_id,
        role=Role(role),
    )
    if validate_password:
        password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        user.save()
    return user
