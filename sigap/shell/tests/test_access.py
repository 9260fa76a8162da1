"""Generated access test: every URL pattern and every API operation.

For each page and operation it proves that anonymous users reach only public pages,
that a user of another agency and a user without the role get 403/404 and none of the
agency's data, and that every view declares who may open it. A new view without a
declaration, or with a URL argument this test cannot fill, fails here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import URLPattern, URLResolver, get_resolver

from config.api import api
from conftest import make_staff
from sigap.accounts.models import Role
from sigap.accounts.roles import PERMISSIONS
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit

SECRET = "Unit Rahasia Jambi 7f3a"  # appears only in agency A's data
SKIPPED_NAMESPACES = {"admin", "api"}  # admin and API are covered by their own tests below
SKIPPED_NAMES = {"set_language"}  # Django's language switch: public POST, no data


@dataclass
class Route:
    name: str
    pattern: str
    callback: Callable[..., Any]
    kwargs: list[str]


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            if p.name in SKIPPED_NAMES:
                continue
            full = f"{namespace}:{p.name}" if namespace else (p.name or str(p.pattern))
            yield Route(full, prefix + str(p.pattern), p.callback, list(p.pattern.converters))


ROUTES = list(_walk(get_resolver().url_patterns))


@pytest.fixture
def world(agency, other_agency, opd, agency_admin):
    """Agency A with a recognisable secret in its data, plus an audit entry to point at."""
    with activate(agency):
        unit = org.create_unit(
            agency, kind=OrgUnit.Kind.BIDANG, name=SECRET, code="RHS", parent=opd
        )
    entry = LogEntry.objects.filter(additional_data__agency_id=agency.pk).order_by("-pk").first()
    from sigap.accounts.models import RoleGrant

    grant = RoleGrant.objects.get(user=agency_admin)
    world = {"agency": agency, "unit": unit, "entry": entry, "agency_admin_grant": grant}
    # Plant agency A's data everywhere before any page is opened: every provider builds
    # its records (in the secret unit) whether or not the page names one, so that list
    # pages, searches and exports of agency B are checked against real data of A.
    for module in _provider_modules():
        for provider in module.PROVIDERS.values():
            provider(world)
    return world


# URL argument name -> value pointing at agency A's data. Extend when adding views.
def url_kwargs(names: list[str], world: dict) -> dict[str, Any]:
    providers: dict[str, Callable[[], Any]] = {
        "agency_slug": lambda: world["agency"].slug,
        "unit_id": lambda: world["unit"].pk,
        "entry_id": lambda: world["entry"].pk,
        "holiday_id": lambda: _first_holiday(world["agency"]),
        "grant_id": lambda: world["agency_admin_grant"].pk,
    }
    for module in _provider_modules():
        for name, provider in module.PROVIDERS.items():
            providers.setdefault(name, lambda provider=provider: provider(world))
    missing = [n for n in names if n not in providers]
    assert not missing, f"test_access cannot fill URL arguments {missing}: add a provider"
    return {n: providers[n]() for n in names}


def _provider_modules() -> list:
    """Apps add URL-argument providers in ``sigap/<app>/tests/access_fixtures*.py``:
    ``PROVIDERS = {"employee_id": lambda world: ...}`` returning an id of agency A's data."""
    import importlib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    names = sorted(
        p.relative_to(root.parent).with_suffix("") for p in root.glob("*/tests/access_fixtures*.py")
    )
    return [importlib.import_module(".".join(n.parts)) for n in names]


def _first_holiday(agency) -> int:
    from sigap.workcal.models import HolidayOverride
    from sigap.workcal.policy import add_holiday

    with activate(agency):
        existing = HolidayOverride.objects.first()
        if existing:
            return existing.pk
        import datetime as dt

        return add_holiday(
            agency, dt.date(2026, 1, 6), "HUT Provinsi Jambi", HolidayOverride.Kind.LOCAL, by=None
        ).pk


def _url(route: Route, world: dict) -> str:
    from django.urls import reverse

    return reverse(route.name, kwargs=url_kwargs(route.kwargs, world))


def _get_or_post(client, url: str):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def _access(route: Route) -> tuple[str, str | None]:
    access = getattr(route.callback, "sigap_access", None)
    if access is None and hasattr(route.callback, "view_class"):
        access = getattr(route.callback.view_class, "sigap_access", None)
    assert access is not None, f"{route.name} ({route.pattern}) declares no access rule"
    return access


def _holders(permission: str | tuple[str, ...]) -> set[str]:
    names = (permission,) if isinstance(permission, str) else permission
    return {role for name in names for role in PERMISSIONS[name]}


def _roles_without(permission: str | tuple[str, ...]) -> list[str]:
    return [r for r in Role.values if r != Role.SYSTEM_ADMIN and r not in _holders(permission)]


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_every_page_declares_access(route: Route):
    kind, permission = _access(route)
    assert kind in {"public", "login", "citizen", "staff"}
    if kind == "staff":
        names = (permission,) if isinstance(permission, str) else permission
        assert all(name in PERMISSIONS for name in names)


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_it_checks_access(route: Route, world, login, other_admin, no_role_staff, citizen):
    kind, permission = _access(route)
    url = _url(route, world)

    anonymous = _get_or_post(login(None), url)
    if kind == "public":
        assert anonymous.status_code < 400, f"public page {url} answered {anonymous.status_code}"
        return
    assert anonymous.status_code == 302 and "/masuk/" in anonymous["Location"], url
    if kind == "login":
        return

    # Another agency's admin: refused, or (pages that name no object) shown their own
    # agency only. Either way none of agency A's data.
    response = _get_or_post(login(other_admin), url)
    if kind == "citizen" or route.kwargs:
        assert response.status_code in (403, 404), (
            f"other agency got {response.status_code} on {url}"
        )
    assert response.status_code in (200, 302, 403, 404)
    assert SECRET not in response.content.decode(errors="replace")

    # Users without the role: refused outright.
    outsiders = [no_role_staff]
    if kind == "staff":
        outsiders.append(citizen)
        outsiders += [
            make_staff(f"{role}.tanpa-hak", world["agency"], role)
            for role in _roles_without(permission)
        ]
    for user in outsiders:
        response = _get_or_post(login(user), url)
        assert response.status_code in (403, 404), (
            f"{user.username} got {response.status_code} on {url}"
        )
        assert SECRET not in response.content.decode(errors="replace")


# ---------------------------------------------------------------- API operations


@dataclass
class Operation:
    method: str
    path: str
    access: tuple[str, str | None]


def _operations() -> list[Operation]:
    ops = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                access = None
                # Operations without their own auth inherit the API's default.
                default = api.auth if isinstance(api.auth, list | tuple) else [api.auth]
                callbacks = operation.auth_callbacks or default
                for callback in callbacks:
                    access = getattr(callback, "sigap_access", None) or access
                func_access = getattr(operation.view_func, "sigap_access", None)
                if func_access and (access is None or access[0] == "login"):
                    access = func_access
                for method in operation.methods:
                    full = "/api/v1" + (prefix.rstrip("/") + "/" + path.lstrip("/")).replace(
                        "//", "/"
                    )
                    ops.append(Operation(method, full, access))
    return ops


OPERATIONS = _operations()


def _api_url(op: Operation, world: dict) -> str:
    import re

    names = re.findall(r"{(\w+)}", op.path)
    values = url_kwargs(names, world)
    return re.sub(r"{(\w+)}", lambda m: str(values[m.group(1)]), op.path)


def _call(client, op: Operation, url: str):
    method = getattr(client, op.method.lower())
    if op.method in ("POST", "PUT", "PATCH"):
        return method(url, data={}, content_type="application/json")
    return method(url)


def test_openapi_document_lists_every_operation(login):
    schema = login(None).get("/api/v1/openapi.json").json()
    listed = {(m.upper(), p) for p, item in schema["paths"].items() for m in item}
    assert {(op.method, op.path) for op in OPERATIONS} == listed


@pytest.mark.parametrize("op", OPERATIONS, ids=[f"{o.method} {o.path}" for o in OPERATIONS])
def test_api_checks_access(op: Operation, world, login, other_admin, no_role_staff, citizen):
    assert op.access is not None, f"{op.method} {op.path} declares no access rule"
    kind, permission = op.access
    url = _api_url(op, world)

    anonymous = _call(login(None), op, url)
    if kind == "public":
        # Public reads (a pemda's catalogue, Open311 ``services``): open to anyone; a
        # 400 is an operation asking for a query parameter this test does not send.
        assert anonymous.status_code in (200, 400), f"public {url}: {anonymous.status_code}"
        return
    assert anonymous.status_code == 401, (
        f"anonymous got {anonymous.status_code} on {op.method} {url}"
    )
    assert set(anonymous.json()) == {"code", "message", "errors"}
    if kind == "login":
        return
    names_object = "{" in op.path
    response = _call(login(other_admin), op, url)
    if names_object or op.method != "GET":
        # Writes and object reads for agency A's data: refused (or not found) for agency B.
        assert response.status_code in (403, 404, 422), f"other agency got {response.status_code}"
    assert SECRET not in response.content.decode(errors="replace")

    outsiders = [no_role_staff]
    if kind == "staff":
        outsiders.append(citizen)
        outsiders += [
            make_staff(f"{role}.api-tanpa-hak", world["agency"], role)
            for role in _roles_without(permission)
        ]
    for user in outsiders:
        client = login(user)
        response = _call(client, op, url)
        assert response.status_code in (403, 404), (
            f"{user.username} got {response.status_code} on {op.method} {url}"
        )
        assert SECRET not in response.content.decode(errors="replace")
        assert set(response.json()) == {"code", "message", "errors"}


# ---------------------------------------------------------------- admin


def test_admin_is_closed_to_everyone_but_agency_admins(
    world, login, officer, citizen, other_admin, agency_admin
):
    for user in (None, officer, citizen):
        response = login(user).get("/admin/tenancy/orgunit/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    own = login(agency_admin).get("/admin/tenancy/orgunit/")
    assert own.status_code == 200 and SECRET in own.content.decode()
    other = login(other_admin).get("/admin/tenancy/orgunit/")
    assert other.status_code == 200 and SECRET not in other.content.decode()
    assert login(other_admin).get(
        f"/admin/tenancy/orgunit/{world['unit'].pk}/change/"
    ).status_code in (302, 404)
