"""In the back office an agency admin's choices are limited to the agency: the Employee
form's login is a choice of the agency's own staff, and no error names an account
outside it (issue 8, item 2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sigap.tenancy.context import activate
from sigap.workforce import registry
from sigap.workforce.models import Employee
from sigap.workforce.tests import factories as f


@pytest.fixture
def employee(agency):
    return f.hire(agency, "Ani", dt.date(1985, 3, 12), gender="P")


def test_the_login_choice_holds_only_the_agencys_staff(
    login, agency_admin, officer, other_admin, citizen, system_admin, employee
):
    client = login(agency_admin)
    page = client.get(f"/admin/workforce/employee/{employee.pk}/change/").content.decode()
    assert f'value="{officer.pk}"' in page
    for outsider in (other_admin, citizen, system_admin):
        assert f'value="{outsider.pk}"' not in page
        assert outsider.full_name not in page


def test_a_foreign_login_is_refused_without_naming_it(login, agency_admin, other_admin, employee):
    client = login(agency_admin)
    url = f"/admin/workforce/employee/{employee.pk}/change/"
    response = client.post(
        url,
        {
            "full_name": employee.full_name,
            "gender": employee.gender,
            "birth_date": employee.birth_date.isoformat(),
            "service_start": employee.service_start.isoformat(),
            "user": other_admin.pk,
        },
    )
    assert response.status_code == 200
    assert other_admin.full_name not in response.content.decode()
    with activate(employee.agency):
        assert Employee.objects.get(pk=employee.pk).user_id is None


def test_the_domain_function_refuses_a_foreign_login(other_admin, employee):
    with pytest.raises(ValidationError) as exc, activate(employee.agency):
        registry.update_employee(employee, user=other_admin)
    assert "user" in exc.value.message_dict
