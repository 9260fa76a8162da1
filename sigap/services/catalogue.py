"""Writes to the service catalogue: services and the versions of their standards.

A published standard is never edited. ``draft_standard`` starts the next version (a
copy of the one in force unless other values are given), ``publish_standard`` puts it
in force and retires the previous one in the same transaction, so exactly one version
applies to new applications while filed applications keep theirs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from sigap.audit.events import acting
from sigap.platform.transitions import transition
from sigap.services.forms_in_data import validate_definition
from sigap.services.models import Service, ServiceStandard
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit

STANDARD_FIELDS = (
    "requirements",
    "procedure",
    "time_limit",
    "time_unit",
    "fee",
    "fee_note",
    "product",
    "complaint_handling",
    "legal_basis",
    "facilities",
    "staff_competence",
    "internal_supervision",
    "staff_count",
    "service_guarantee",
    "safety_guarantee",
    "performance_evaluation",
    "form_fields",
)


@transaction.atomic
def create_service(
    agency: Agency,
    *,
    unit: OrgUnit,
    code: str,
    name: str,
    category: str,
    summary: str = "",
    accepts_online: bool = True,
    by: Any = None,
) -> Service:
    with acting_for(agency), acting(by):
        if unit.agency_id != agency.pk:
            raise ValidationError({"unit": _("Unit milik pemda lain.")})
        code = code.strip().upper()
        if Service.objects.filter(code=code).exists():
            raise ValidationError({"code": _("Kode layanan ini sudah dipakai di pemda ini.")})
        service = Service(
            agency=agency,
            unit=unit,
            code=code,
            name=name.strip(),
            category=category,
            summary=summary.strip(),
            accepts_online=accepts_online,
        )
        service.full_clean()
        service.save()
        return service


@transaction.atomic
def update_service(service: Service, *, by: Any = None, **changes: Any) -> Service:
    allowed = {"name", "summary", "category", "accepts_online", "is_active", "unit"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(_("Tidak dapat diubah: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with acting_for(service.agency), acting(by):
        for name, value in changes.items():
            setattr(service, name, value)
        if service.unit.agency_id != service.agency_id:
            raise ValidationError({"unit": _("Unit milik pemda lain.")})
        service.full_clean()
        service.save()
        return service


def standard_in_force(service: Service) -> ServiceStandard | None:
    return service.standards.filter(status=ServiceStandard.Status.PUBLISHED).first()


def _clean_standard(values: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = {k: v for k, v in values.items() if k in STANDARD_FIELDS}
    for name in ("requirements", "procedure"):
        if name in cleaned:
            items = cleaned[name]
            if isinstance(items, str):
                items = [line.strip() for line in items.splitlines()]
            cleaned[name] = [str(i).strip() for i in items if str(i).strip()]
    if "form_fields" in cleaned:
        cleaned["form_fields"] = validate_definition(cleaned["form_fields"])
    return cleaned


@transaction.atomic
def draft_standard(service: Service, *, by: Any = None, **values: Any) -> ServiceStandard:
    """The next version of ``service``'s standard, as a draft. Starts from the version in
    force (or the latest) so an edit changes only what it names."""
    with acting_for(service.agency), acting(by):
        unknown = set(values) - set(STANDARD_FIELDS)
        if unknown:
            raise ValidationError(
                _("Komponen tidak dikenal: %(f)s") % {"f": ", ".join(sorted(unknown))}
            )
        # Lock the service row: two editors must not both create version n+1.
        Service.objects.select_for_update().get(pk=service.pk)
        existing_draft = service.standards.filter(status=ServiceStandard.Status.DRAFT).first()
        if existing_draft is not None:
            return update_draft(existing_draft, by=by, **values)
        base = standard_in_force(service) or service.standards.order_by("-version").first()
        start = {f: getattr(base, f) for f in STANDARD_FIELDS} if base else {}
        start.update(_clean_standard(values))
        check_fee(service, start.get("fee"))
        last = service.standards.aggregate(m=Max("version"))["m"] or 0
        standard = ServiceStandard(
            agency=service.agency, service=service, version=last + 1, **start
        )
        standard.full_clean()
        standard.save()
        return standard


@transaction.atomic
def update_draft(standard: ServiceStandard, *, by: Any = None, **values: Any) -> ServiceStandard:
    with acting_for(standard.agency), acting(by):
        locked = ServiceStandard.objects.select_for_update().get(pk=standard.pk)
        if locked.status != ServiceStandard.Status.DRAFT:
            raise ValidationError(
                _("Standar yang sudah berlaku tidak dapat diubah; buat versi baru.")
            )
        for name, value in _clean_standard(values).items():
            setattr(locked, name, value)
        check_fee(locked.service, locked.fee)
        locked.full_clean()
        locked.save()
        return locked


@transaction.atomic
def publish_standard(standard: ServiceStandard, *, by: Any = None) -> ServiceStandard:
    """Put ``standard`` in force and retire the version it replaces."""
    with acting_for(standard.agency), acting(by):
        Service.objects.select_for_update().get(pk=standard.service_id)
        current = standard_in_force(standard.service)
        if current is not None and current.pk != standard.pk:
            transition(
                current, ServiceStandard.Status.RETIRED, details={"replaced_by": standard.version}
            )
        if not standard.requirements or not standard.procedure:
            raise ValidationError(_("Persyaratan dan prosedur wajib diisi sebelum diterbitkan."))
        check_fee(standard.service, standard.fee)
        transition(
            standard, ServiceStandard.Status.PUBLISHED, details={"version": standard.version}
        )
        return standard


def services_of(agency: Agency, *, include_inactive: bool = False) -> QuerySet[Service]:
    with acting_for(agency):
        qs = Service.objects.select_related("unit")
        return qs if include_inactive else qs.filter(is_active=True)


def check_fee(service: Service, fee: Any) -> None:
    """Administrasi kependudukan documents are free: UU 23/2006 as amended by UU 24/2013,
    Pasal 79A ("Pengurusan dan penerbitan Dokumen Kependudukan tidak dipungut biaya").
    Drafting, updating and publishing a standard all check it."""
    if service.category == Service.Category.ADMINDUK and fee is not None and fee != 0:
        raise ValidationError(
            {"fee": _("Dokumen administrasi kependudukan tidak dipungut biaya: isi 0.")}
        )
