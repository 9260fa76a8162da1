"""The programme catalogue: programmes, their sessions and target competencies.

A programme's JP is never typed in: it follows from its sessions by the agency's rule
for its form (``jp.convert``), recomputed whenever a session is added or removed, so
the catalogue and the ledger agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sigap.audit.events import acting, record, register_events
from sigap.learning import jp
from sigap.learning.models import EXPERIENTIAL, Form, Programme, ProgrammeSession, ProgrammeTarget
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency
from sigap.workforce.models import Competency

register_events(
    {
        "program pengembangan dibuat": "Program pengembangan dibuat",
        "sesi program ditambahkan": "Sesi program ditambahkan",
        "sesi program dihapus": "Sesi program dihapus",
    }
)


def _recompute_jp(programme: Programme) -> None:
    rule = jp.rule_for(programme.agency, programme.form)
    zone = programme.agency.zone
    spans = [
        (s.starts_at.astimezone(zone), s.ends_at.astimezone(zone))
        for s in ProgrammeSession.objects.filter(programme=programme)
    ]
    programme.jp = jp.convert(rule, spans)
    programme.save(update_fields=["jp"])


@transaction.atomic
def create_programme(
    agency: Agency,
    *,
    code: str,
    title: str,
    form: str,
    provider_kind: str,
    year: int,
    capacity: int,
    cost_per_participant: Decimal | int = 0,
    provider_name: str = "",
    description: str = "",
    targets: Mapping[Competency, int] | None = None,
    sessions: Sequence[tuple[dt.datetime, dt.datetime, str, str]] = (),
    by: Any = None,
) -> Programme:
    """A programme with its target competencies and, optionally, its sessions (start,
    end, place, online link) in the same call: one named event, JP computed once."""
    errors: dict[str, str] = {}
    code = (code or "").strip().upper()
    if not code:
        errors["code"] = _("Kode wajib diisi.")
    if not (title or "").strip():
        errors["title"] = _("Nama program wajib diisi.")
    if form not in Form.values:
        errors["form"] = _("Bentuk pengembangan tidak dikenal.")
    elif form in EXPERIENTIAL:
        errors["form"] = _(
            "Rotasi, penugasan khusus dan detasering dicatat dari riwayat jabatan, bukan katalog."
        )
    if provider_kind not in Programme.Provider.values:
        errors["provider_kind"] = _("Pilih penyelenggara.")
    if not capacity or int(capacity) < 1:
        errors["capacity"] = _("Kapasitas paling sedikit 1 peserta.")
    if Decimal(cost_per_participant or 0) < 0:
        errors["cost_per_participant"] = _("Biaya tidak boleh negatif.")
    if not 2000 <= int(year or 0) <= 2100:
        errors["year"] = _("Tahun tidak masuk akal.")
    for competency, level in (targets or {}).items():
        if competency.agency_id != agency.pk or not 1 <= int(level) <= 5:
            errors["targets"] = _("Kompetensi sasaran tidak dikenal atau level di luar 1–5.")
    for start, end, place, link in sessions:
        if end <= start or (not place.strip() and not link.strip()):
            errors["sessions"] = _(
                "Setiap sesi perlu waktu selesai sesudah mulai, dan tempat atau tautan."
            )
    with acting_for(agency), acting(by):
        if code and Programme.objects.filter(code=code).exists():
            errors["code"] = _("Kode %(code)s sudah dipakai.") % {"code": code}
        if errors:
            raise ValidationError(errors)
        programme = Programme.objects.create(
            agency=agency,
            code=code,
            title=title.strip(),
            form=form,
            provider_kind=provider_kind,
            provider_name=provider_name.strip(),
            description=description,
            year=int(year),
            capacity=int(capacity),
            cost_per_participant=Decimal(cost_per_participant or 0),
            jp=jp.convert(
                jp.rule_for(agency, form),
                [(a.astimezone(agency.zone), b.astimezone(agency.zone)) for a, b, _, _ in sessions],
            ),
        )
        # Sessions of a new programme are part of its creation event (details below).
        ProgrammeSession.objects.bulk_create(
            ProgrammeSession(
                agency=agency,
                programme=programme,
                starts_at=a,
                ends_at=b,
                place=place.strip(),
                online_link=link.strip(),
            )
            for a, b, place, link in sessions
        )
        for competency, level in (targets or {}).items():
            ProgrammeTarget.objects.create(
                agency=agency, programme=programme, competency=competency, level=int(level)
            )
        record(
            "program pengembangan dibuat",
            programme,
            details={
                "code": code,
                "form": form,
                "jp": programme.jp,
                "sessions": [[a.isoformat(), b.isoformat(), p] for a, b, p, _ in sessions],
            },
        )
        return programme


@transaction.atomic
def add_session(
    programme: Programme,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    online_link: str = "",
    by: Any = None,
) -> ProgrammeSession:
    errors: dict[str, str] = {}
    if starts_at is None:
        errors["starts_at"] = _("Waktu mulai wajib diisi.")
    if ends_at is None or (starts_at is not None and ends_at <= starts_at):
        errors["ends_at"] = _("Waktu selesai harus sesudah waktu mulai.")
    if not (place or "").strip() and not (online_link or "").strip():
        errors["place"] = _("Isi tempat atau tautan daring.")
    if starts_at is not None and starts_at.astimezone(programme.agency.zone).year != programme.year:
        errors["starts_at"] = _("Sesi harus pada tahun program (%(year)s).") % {
            "year": programme.year
        }
    if errors:
        raise ValidationError(errors)
    with acting_for(programme.agency), acting(by):
        session = ProgrammeSession(
            agency=programme.agency,
            programme=programme,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            online_link=online_link.strip(),
        )
        session.full_clean(exclude=["programme"])
        session.save()
        _recompute_jp(programme)
        record(
            "sesi program ditambahkan",
            programme,
            details={"session": session.pk, "starts_at": starts_at, "jp": programme.jp},
        )
        return session


def sessions_in(agency: Agency, first: dt.date, last: dt.date) -> QuerySet[ProgrammeSession]:
    """Sessions starting between ``first`` and ``last`` (the calendar view)."""
    zone = agency.zone
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(last, dt.time.max, tzinfo=zone)
    return (
        ProgrammeSession.objects.filter(starts_at__range=(start, end))
        .select_related("programme")
        .order_by("starts_at")
    )
