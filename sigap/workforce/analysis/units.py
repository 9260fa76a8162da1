"""Which units a per-unit report lists, for its pages and its API alike."""

from __future__ import annotations

from typing import Any

from sigap.tenancy.models import OrgUnit
from sigap.workforce.registry import visible_unit_paths


def report_units(user: Any, agency: Any, unit: OrgUnit | None) -> list[OrgUnit]:
    """Rows of a per-unit report: the unit's children (drill-down), else the top of the
    viewer's tree (the OPDs, or a unit head's own units)."""
    if unit is not None:
        return list(OrgUnit.objects.filter(parent=unit).order_by("path"))
    paths = visible_unit_paths(user, agency)
    if paths is None:
        return list(OrgUnit.objects.filter(parent__isnull=True).order_by("path"))
    return list(OrgUnit.objects.filter(path__in=paths).order_by("path"))
