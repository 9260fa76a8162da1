# No "from __future__ import annotations": django-ninja reads real annotations at import.

from django.http import HttpRequest
from ninja import Router, Schema

from sigap.accounts.roles import agencies_of, roles_in

router = Router(tags=["akun"])


class AgencyOut(Schema):
    id: int
    name: str
    slug: str


class MeOut(Schema):
    username: str
    full_name: str
    kind: str
    agency: AgencyOut | None
    roles: list[str]
    agencies: list[AgencyOut]


@router.get("/me", response=MeOut, summary="Siapa saya: akun, pemda aktif dan peran")
def me(request: HttpRequest):
    user = request.user
    return {
        "username": user.username,
        "full_name": user.full_name,
        "kind": user.kind,
        "agency": request.agency,
        "roles": sorted(roles_in(user, request.agency)),
        "agencies": agencies_of(user),
    }
