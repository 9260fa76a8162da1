"""The agency's complaint categories and response templates.

The default list comes from ``data/categories.csv`` (code, name, keywords separated by
``;``); each agency maps the categories to its units, may change the deadlines per
category and add categories of its own. Every change is audited.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sigap.audit.events import acting, record
from sigap.complaints.models import Category, ResponseTemplate
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit

DATA = Path(__file__).resolve().parent / "data" / "categories.csv"


def default_categories() -> list[dict[str, Any]]:
    with DATA.open(encoding="utf-8") as handle:
        return [
            {
                "code": row["code"],
                "name": row["name"],
                "keywords": [k.strip() for k in row["keywords"].split(";") if k.strip()],
            }
            for row in csv.DictReader(handle)
        ]


@transaction.atomic
def load_default_categories(
    agency: Agency, *, units: dict[str, OrgUnit] | None = None, by: Any = None
) -> list[Category]:
    """Create the default categories the agency does not have yet (idempotent)."""
    units = units or {}
    made = []
    with acting_for(agency), acting(by):
        have = set(Category.objects.values_list("code", flat=True))
        for row in default_categories():
            if row["code"] in have:
                continue
            made.append(Category.objects.create(agency=agency, unit=units.get(row["code"]), **row))
    return made


@transaction.atomic
def save_category(
    agency: Agency,
    *,
    code: str,
    name: str,
    unit: OrgUnit | None,
    keywords: list[str] | None = None,
    verify_days: int = 3,
    follow_up_days: int = 5,
    close_after_days: int = 10,
    is_active: bool = True,
    by: Any = None,
) -> Category:
    """Create or change the category ``code`` (its unit mapping, keywords, deadlines)."""
    code, name = (code or "").strip().lower(), (name or "").strip()
    errors = {}
    if not code or not code.replace("-", "").replace("_", "").isalnum():
        errors["code"] = _("Kode hanya huruf, angka, tanda hubung.")
    if not name:
        errors["name"] = _("Nama kategori wajib diisi.")
    for field, value in (
        ("verify_days", verify_days),
        ("follow_up_days", follow_up_days),
        ("close_after_days", close_after_days),
    ):
        if not 1 <= int(value) <= 60:
            errors[field] = _("Antara 1 dan 60 hari kerja.")
    if unit is not None and unit.agency_id != agency.pk:
        errors["unit"] = _("Unit tidak ditemukan.")
    if errors:
        raise ValidationError(errors)
    with acting_for(agency), acting(by):
        category, _created = Category.objects.update_or_create(
            agency=agency,
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "keywords": [k.strip() for k in (keywords or []) if k.strip()],
                "verify_days": verify_days,
                "follow_up_days": follow_up_days,
                "close_after_days": close_after_days,
                "is_active": is_active,
            },
        )
        record("kategori pengaduan diubah", category, details={"code": code})
        return category


@transaction.atomic
def save_response_template(
    agency: Agency, *, name: str, body: str, category: Category | None = None, by: Any = None
) -> ResponseTemplate:
    name, body = (name or "").strip(), (body or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Nama templat wajib diisi.")
    if len(body) < 10:
        errors["body"] = _("Isi templat paling sedikit 10 karakter.")
    if errors:
        raise ValidationError(errors)
    with acting_for(agency), acting(by):
        template, _created = ResponseTemplate.objects.update_or_create(
            agency=agency, name=name, defaults={"body": body, "category": category}
        )
        record("templat jawaban diubah", template)
        return template
