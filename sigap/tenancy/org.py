"""Writes to the organisation tree: every change goes through these functions."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sigap.tenancy.context import acting_for, unscoped
from sigap.tenancy.models import Agency, OrgUnit


@transaction.atomic
def create_unit(
    agency: Agency,
    *,
    kind: str,
    name: str,
    code: str,
    parent: OrgUnit | None = None,
    short_name: str = "",
) -> OrgUnit:
    with acting_for(agency):
        return _create_unit(
            agency, kind=kind, name=name, code=code, parent=parent, short_name=short_name
        )


# The stated format (the unit form's help text, docs/domain/organisation.md): segments
# of capital letters and digits joined by dots or hyphens, e.g. DUKCAPIL.B1, KEC01.KEL02.
UNIT_CODE_FORMAT = re.compile(r"[A-Z0-9]+(?:[.-][A-Z0-9]+)*")


def normalise_unit_code(code: str) -> str:
    """Upper-case and trim a typed code, then check it has the stated format."""
    normalised = (code or "").strip().upper()
    if not normalised:
        raise ValidationError({"code": _("Kode unit wajib diisi.")})
    if len(normalised) > 40 or not UNIT_CODE_FORMAT.fullmatch(normalised):
        raise ValidationError(
            {
                "code": _(
                    "Kode unit hanya berisi huruf kapital dan angka, dipisah titik atau "
                    "tanda hubung, paling panjang 40 karakter (mis. DUKCAPIL.B1)."
                )
            }
        )
    return normalised


def _create_unit(
    agency: Agency, *, kind: str, name: str, code: str, parent: OrgUnit | None, short_name: str
) -> OrgUnit:
    code = normalise_unit_code(code)
    # Checked here rather than left to the unique constraint's message, whose Indonesian
    # text in Django's catalogue reads "... tidak ada" ("does not exist"; issue 8, item 10).
    # The constraint still holds against a concurrent insert.
    if OrgUnit.all_objects.filter(agency=agency, code=code).exists():
        raise ValidationError(
            {"code": _("Kode %(code)s sudah dipakai unit lain di pemda ini.") % {"code": code}}
        )
    siblings = OrgUnit.all_objects.filter(agency=agency, parent=parent, name__iexact=name.strip())
    if siblings.exists():
        raise ValidationError({"name": _("Nama unit ini sudah ada di bawah induk yang sama.")})
    parent_kind = parent.kind if parent else None
    if parent_kind not in OrgUnit.ALLOWED_PARENTS[kind]:
        allowed = ", ".join(
            sorted(
                str(OrgUnit.Kind(k).label) if k else _("(puncak)")
                for k in OrgUnit.ALLOWED_PARENTS[kind]
            )
        )
        raise ValidationError(
            {
                "parent": _("%(kind)s hanya boleh di bawah: %(allowed)s.")
                % {"kind": OrgUnit.Kind(kind).label, "allowed": allowed}
            }
        )
    if parent is not None and parent.agency_id != agency.pk:
        raise ValidationError({"parent": _("Unit induk milik pemda lain.")})
    unit = OrgUnit(
        agency=agency, kind=kind, name=name, code=code, parent=parent, short_name=short_name
    )
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    OrgUnit.all_objects.filter(pk=unit.pk).update(path=unit.path)
    return unit


def subtree(unit: OrgUnit):
    return OrgUnit.objects.filter(path__startswith=unit.path)


def subtrees(paths: Iterable[str]) -> QuerySet[OrgUnit]:
    """The units in the subtrees of ``paths`` (none for no paths)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return OrgUnit.objects.filter(condition)


@transaction.atomic
def update_unit(unit: OrgUnit, **changes: object) -> OrgUnit:
    with acting_for(unit.agency):
        return _update_unit(unit, **changes)


def _update_unit(unit: OrgUnit, **changes: object) -> OrgUnit:
    allowed = {"name", "short_name", "is_active"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({f: "Kolom ini tidak dapat diubah." for f in unknown})
    for field, value in changes.items():
        setattr(unit, field, value)
    unit.full_clean()
    unit.save(update_fields=list(changes) or None)
    return unit


@transaction.atomic
def save_agency(agency: Agency) -> Agency:
    """Create or change a pemda (system administrators, from the back office)."""
    agency.full_clean()
    with unscoped():
        agency.save()
    return agency
