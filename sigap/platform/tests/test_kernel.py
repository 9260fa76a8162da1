"""The kernel's promises, checked over the whole code base.

* No module outside ``sigap.audit`` writes audit-trail entries.
* Views, API operations, admin classes and tasks change domain data only through
  domain functions: they call no ``save``/``create``/``update``/``delete`` themselves.
* Every back-office admin of a Sigap model is read-only or writes via ``domain_save``.
* Writes fail closed without an active agency, like reads.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.db import transaction

from sigap.platform.admin import _RoleGatedAdmin
from sigap.platform.effects import after_commit
from sigap.platform.forms import TenantModelChoiceField
from sigap.tenancy.context import NoActiveTenant, activate
from sigap.tenancy.models import OrgUnit

ROOT = Path(__file__).resolve().parents[2]  # the ``sigap`` package


def _sources(pattern: str = "*.py") -> list[Path]:
    return [
        p for p in ROOT.rglob(pattern) if "tests" not in p.parts and "migrations" not in p.parts
    ]


LOG_WRITES = re.compile(
    r"LogEntry\.objects\.(create|log_create|bulk_create|get_or_create|update_or_create)"
    r"|LogEntry\(|\(\s*LogEntry\s*,"
)


def test_no_log_entries_are_written_outside_audit():
    offenders = [
        f"{p.relative_to(ROOT.parent)}:{n}"
        for p in _sources()
        if p.parent.name != "audit"
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if LOG_WRITES.search(line)
    ]
    assert offenders == [], "write the trail through sigap.audit.events"


WRITE_METHODS = {
    "save",
    "delete",
    "create",
    "update",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}


def _entry_points() -> list[Path]:
    names = ("views*.py", "api*.py", "admin.py", "tasks.py")
    return sorted({p for pattern in names for p in _sources(pattern)})


def _writes_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITE_METHODS
        ):
            # ``response.headers.update``/``dict.update`` are no model writes: only calls
            # on something that reads like a model, manager, queryset or form count.
            target = ast.unparse(node.func.value)
            if (
                re.search(r"((^|\.)objects|_set|(^|\.)(form|obj|instance)|\))$", target)
                or target[:1].isupper()
            ):
                where = path.relative_to(ROOT.parent) if path.is_relative_to(ROOT.parent) else path
                found.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_entry_points_change_data_only_through_domain_functions():
    offenders = [w for p in _entry_points() for w in _writes_in(p)]
    assert offenders == [], "call the app's domain function instead"


def test_the_write_scan_catches_a_direct_save(tmp_path):
    probe = tmp_path / "views_probe.py"
    probe.write_text(
        "def v(request, form, obj):\n"
        "    form.save()\n"
        "    Thing.objects.create(a=1)\n"
        "    obj.delete()\n"
        "    Thing.objects.filter(a=1).update(a=2)\n"
        "    context.update(extra)\n"  # a dict: not a model write
    )
    assert len(_writes_in(probe)) == 4


def test_every_back_office_admin_writes_through_domain_functions_or_reads_only():
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("sigap."):
            continue
        assert isinstance(model_admin, _RoleGatedAdmin), f"{model.__name__}: use a platform base"
        cls = type(model_admin)
        for hook in ("save_model", "save_related", "delete_model", "delete_queryset"):
            assert getattr(cls, hook) is getattr(_RoleGatedAdmin, hook), (
                f"{cls.__name__}.{hook} bypasses domain_save/domain_delete"
            )


def test_tenant_rows_are_not_saved_with_no_agency_active(agency):
    unit = OrgUnit(agency=agency, kind=OrgUnit.Kind.OPD, name="Dinas X", code="X", path="/x/")
    with pytest.raises(NoActiveTenant):
        unit.save()


def test_tenant_choice_field_offers_the_active_agencys_rows_only(opd, other_opd, agency):
    from django import forms

    class PickUnit(forms.Form):
        unit = TenantModelChoiceField(OrgUnit)

    with activate(agency):
        choices = list(PickUnit().fields["unit"].queryset)
    assert choices == [opd]


def test_side_effects_wait_for_the_commit(db, django_capture_on_commit_callbacks):
    ran: list[str] = []
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            after_commit(lambda: ran.append("sent"))
            assert ran == []
    assert ran == ["sent"]


def test_side_effects_of_a_rolled_back_write_never_run(db):
    ran: list[str] = []
    with pytest.raises(RuntimeError), transaction.atomic():
        after_commit(lambda: ran.append("sent"))
        raise RuntimeError("rolled back")
    assert ran == []
