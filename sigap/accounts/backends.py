from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from sigap.accounts.models import User
from sigap.accounts.normalize import normalize_login


class EmailOrPhoneBackend(ModelBackend):
    """Log in with username, email or phone number (citizens rarely remember usernames)."""

    def authenticate(
        self, request, username: str | None = None, password: str | None = None, **kwargs
    ):
        if not username or not password:
            return None
        login = normalize_login(username)
        user = (
            User.objects.filter(Q(username=login) | Q(email__iexact=login) | Q(phone=login))
            .order_by("pk")
            .first()
        )
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
