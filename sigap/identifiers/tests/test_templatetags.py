from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from sigap.accounts.models import User
from sigap.tenancy.models import Agency

NIK = "1571015705900002"
MASKED = "1571************"


def render(source: str, **context: Any) -> str:
    return Template("{% load identifiers %}" + source).render(Context(context))


def request_for(user: Any, agency: Agency | None) -> Any:
    request = RequestFactory().get("/")
    request.user = user
    request.agency = agency
    return request


def test_mask_nik_filter_masks() -> None:
    assert render("{{ nik|mask_nik }}", nik=NIK) == MASKED


@pytest.mark.parametrize("value", [None, ""])
def test_mask_nik_filter_renders_nothing_for_an_empty_value(value: str | None) -> None:
    assert render("{{ nik|mask_nik }}", nik=value) == ""


def test_nik_for_viewer_without_a_request_is_masked() -> None:
    assert render("{% nik_for_viewer nik %}", nik=NIK) == MASKED


def test_nik_for_viewer_without_an_agency_is_masked() -> None:
    # No agency, no permission: has_perm is not even asked (and needs no database).
    request = request_for(SimpleNamespace(is_authenticated=True, is_active=True), None)
    assert render("{% nik_for_viewer nik %}", nik=NIK, request=request) == MASKED


def test_nik_for_viewer_for_an_anonymous_visitor_is_masked() -> None:
    request = request_for(AnonymousUser(), SimpleNamespace(pk=1))
    assert render("{% nik_for_viewer nik %}", nik=NIK, request=request) == MASKED


def test_nik_for_viewer_renders_nothing_for_an_empty_nik() -> None:
    assert render("{% nik_for_viewer nik %}", nik=None) == ""


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["officer", "agency_admin", "inspector", "system_admin"])
def test_roles_with_view_full_nik_see_the_full_nik(
    persona: str, agency: Agency, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(persona)
    page = render("{% nik_for_viewer nik %}", nik=NIK, request=request_for(user, agency))
    assert page == NIK


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["hr", "leadership", "unit_head", "no_role_staff", "citizen"])
def test_roles_without_view_full_nik_see_it_masked(
    persona: str, agency: Agency, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(persona)
    page = render("{% nik_for_viewer nik %}", nik=NIK, request=request_for(user, agency))
    assert page == MASKED


@pytest.mark.django_db
def test_an_officer_of_another_agency_sees_it_masked(other_admin: User, agency: Agency) -> None:
    # other_admin holds view_full_nik, but in another pemda only.
    page = render("{% nik_for_viewer nik %}", nik=NIK, request=request_for(other_admin, agency))
    assert page == MASKED
