from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from sigap.accounts.login_identity import find_login_user
from sigap.accounts.models import User


class EmailOrPhoneBackend(ModelBackend):
    """Log in with username, email or phone number (citizens rarely remember usernames)."""

    def authenticate(
        self, request, username: str | None = None, password: str | None = None, **kwargs
    ):
        if not username or not password:
            return None
        # The same lookup as the lock-out's key (login_identity): a spelling the backend
        # accepts is never counted apart from the account it names.
        user = find_login_user(username)
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
