"""The kind of a move (riwayat jabatan ``Assignment.kind``): one rule for every channel —
a page, the API, the roster import, the placement advisor and the demo — so one fact gets
the same record whichever way it arrives.

* no current primary position → **pengangkatan** (appointment);
* the new position's type ranks higher (``TYPE_LEVEL``) → **promosi**;
* same OPD (the top unit of the organisation tree) → **rotasi**;
* another OPD → **mutasi**.

Secondary assignments (penugasan khusus, detasering, Plt) are stated, never derived.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sigap.workforce.models import Assignment, JabatanType

if TYPE_CHECKING:
    from sigap.workforce.models import Position

# Rank of a position type for "is this a promotion?" (UU 20/2023). Fungsional and
# Pelaksana are both non-managerial: moving between them is not a promotion.
TYPE_LEVEL: dict[str, int] = {
    JabatanType.PELAKSANA: 1,
    JabatanType.FUNGSIONAL: 1,
    JabatanType.PENGAWAS: 2,
    JabatanType.ADMINISTRATOR: 3,
    JabatanType.JPT_PRATAMA: 4,
    JabatanType.JPT_MADYA: 5,
    JabatanType.JPT_UTAMA: 6,
}


def opd_of(unit_path: str) -> str:
    """The OPD (top unit) segment of an org-unit path."""
    parts = [p for p in unit_path.split("/") if p]
    return parts[0] if parts else ""


def move_kind(
    current_type: str | None, current_unit_path: str | None, new_type: str, new_unit_path: str
) -> str:
    """The rule on plain values (the demo and the import plan without model instances);
    ``current_type=None``: the person holds no primary position."""
    if current_type is None:
        return Assignment.Kind.APPOINTMENT
    if TYPE_LEVEL.get(new_type, 0) > TYPE_LEVEL.get(current_type, 0):
        return Assignment.Kind.PROMOTION
    if opd_of(current_unit_path or "") == opd_of(new_unit_path):
        return Assignment.Kind.ROTATION
    return Assignment.Kind.MUTATION


def kind_of_move(current: Position | None, new: Position) -> str:
    """The kind of moving from ``current`` (None: no position) to ``new``; both with
    their ``unit`` at hand."""
    if current is None:
        return move_kind(None, None, new.jabatan_type, new.unit.path)
    return move_kind(current.jabatan_type, current.unit.path, new.jabatan_type, new.unit.path)
