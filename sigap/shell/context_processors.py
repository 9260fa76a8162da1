from __future__ import annotations

from django.http import HttpRequest

from sigap.accounts.roles import agencies_of, roles_in
from sigap.platform.declarations import Role, public_menu
from sigap.shell.navigation import menu_for


def shell(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    agency = getattr(request, "agency", None)
    if user is None or not user.is_authenticated or user.is_citizen:
        return {"current_agency": agency, "public_menu": public_menu()}
    return {
        "current_agency": agency,
        "my_agencies": agencies_of(user),
        "my_roles": sorted(str(Role(r).label) for r in roles_in(user, agency)),
        "staff_menu": menu_for(user, agency),
    }
