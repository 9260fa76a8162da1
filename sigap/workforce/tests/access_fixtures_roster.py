"""URL-argument providers for the generated access test (sigap/shell/tests/test_access.py)."""

from __future__ import annotations

from typing import Any


def _roster_import_id(world: dict[str, Any]) -> int:
    from sigap.workforce.roster.importer import upload_roster
    from sigap.workforce.roster.rules import COLUMNS

    # Built through the domain function: a dry run of a one-row roster of agency A.
    header = ",".join(c.header for c in COLUMNS)
    row = ",".join(c.example for c in COLUMNS)
    content = f"{header}\n{row}\n".encode()
    grant = world.get("agency_admin_grant")
    by = world.get("agency_admin") or (grant.user if grant else None)
    ri, _ = upload_roster(world["agency"], file_name="akses.csv", content=content, by=by)
    return ri.pk


PROVIDERS = {"import_id": _roster_import_id}
