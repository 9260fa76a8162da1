from __future__ import annotations

from django.http import HttpRequest

from sigap.accounts.models import Role
from sigap.accounts.roles import agencies_of, has_perm, roles_in
from sigap.core.navigation import staff_menu


def shell(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    agency = getattr(request, "agency", None)
    if user is None or not user.is_authenticated or user.is_citizen:
        return {"current_agency": agency}
    return {
        "current_agency": agency,
        "my_agencies": agencies_of(user),
        "my_roles": sorted(Role(r).label for r in roles_in(user, agency)),
        "staff_menu": [
            item
            for item in staff_menu()
            if item.resolves and has_perm(user, agency, item.permission)
        ],
    }
