# No "from __future__ import annotations": django-ninja reads real annotations at import.
"""API for importing the ASN roster: upload (dry run), read the report, run."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext, gettext_lazy
from ninja import Field, File, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from sigap.platform.api import KeysetPagination, staff
from sigap.platform.pagination import BadCursor, decode_cursor, encode_cursor
from sigap.workforce.models import RosterImport
from sigap.workforce.roster.importer import get_import_for, imports_of, start_import, upload_roster
from sigap.workforce.roster.rules import MAX_FILE_BYTES, render_problem

router = Router(tags=["kepegawaian"])
# Operation ids are written out: clients generate code from them, so they keep the names
# they had before workforce was split into feature packages.


class ProblemOut(Schema):
    row: int | None
    column: str = Field(description="Kolom, dalam bahasa permintaan")
    message: str = Field(description="Masalahnya, dalam bahasa permintaan")
    code: str = Field("", description="Kode masalah (tetap); kosong untuk laporan lama tanpa kode")
    params: dict[str, Any] = Field(default_factory=dict, description="Parameter pesan")
    info: bool = False


class RosterImportSummaryOut(Schema):
    id: int
    file_name: str
    content_sha256: str
    status: str
    status_label: str
    total_rows: int
    processed_rows: int
    created_count: int
    updated_count: int
    created_at: dt.datetime
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_status_label(obj: RosterImport) -> str:
        return obj.get_status_display()


# A report lists its first problems only; all of them are read a page at a time from
# /roster-imports/{id}/problems (one full report of 100,000 bad rows was 10.7 MB; issue 8,
# item 6).
PROBLEM_PREVIEW = 100


class RosterImportOut(RosterImportSummaryOut):
    problems: list[ProblemOut] = Field(
        description=f"Masalah pertama (paling banyak {PROBLEM_PREVIEW}); semuanya lewat "
        "`/roster-imports/{id}/problems`."
    )
    problem_count: int

    @staticmethod
    def resolve_problems(obj: RosterImport) -> list[dict]:
        return [render_problem(p) for p in (obj.problems or [])[:PROBLEM_PREVIEW]]

    @staticmethod
    def resolve_problem_count(obj: RosterImport) -> int:
        return len(obj.problems or [])


class ProblemPageOut(Schema):
    items: list[ProblemOut]
    next_cursor: str | None = None


def _import_or_404(request: HttpRequest, import_id: int) -> RosterImport:
    ri = get_import_for(request.agency, import_id)
    if ri is None:
        raise Http404
    return ri


@router.get(
    "/roster-imports",
    operation_id="sigap_workforce_api_roster_list_roster_imports",
    response=list[RosterImportSummaryOut],
    summary="Daftar impor data ASN",
    auth=staff("workforce.manage_asn"),
)
@paginate(KeysetPagination, key="created_at", descending=True)
def list_roster_imports(request: HttpRequest):
    return imports_of(request.agency)


@router.post(
    "/roster-imports",
    operation_id="sigap_workforce_api_roster_upload_roster_import",
    response={200: RosterImportOut, 201: RosterImportOut},
    summary="Unggah data ASN (.xlsx/.csv) dan periksa setiap baris (uji coba)",
    description=(
        "Tidak menulis data ASN. 201: laporan uji coba baru; 200: berkas yang sama sedang "
        "menunggu/berjalan, laporan yang ada dikembalikan. Status `validated` berarti tanpa "
        "masalah dan siap dijalankan; `invalid` berarti ada masalah (lihat `problems`)."
    ),
    auth=staff("workforce.manage_asn"),
)
def upload_roster_import(request: HttpRequest, file: UploadedFile = File(...)):  # noqa: B008 - ninja idiom
    if file.size and file.size > MAX_FILE_BYTES:
        raise ValidationError(
            {
                "file": gettext_lazy("Berkas terlalu besar; batasnya %(limit)s MB.")
                % {"limit": MAX_FILE_BYTES // 1024 // 1024}
            }
        )
    ri, created = upload_roster(
        request.agency, file_name=file.name or "", content=file.read(), by=request.user
    )
    return Status(201 if created else 200, ri)


@router.get(
    "/roster-imports/{import_id}",
    operation_id="sigap_workforce_api_roster_get_roster_import",
    response=RosterImportOut,
    summary="Laporan dan kemajuan satu impor data ASN",
    auth=staff("workforce.manage_asn"),
)
def get_roster_import(request: HttpRequest, import_id: int):
    return _import_or_404(request, import_id)


@router.get(
    "/roster-imports/{import_id}/problems",
    operation_id="sigap_workforce_api_roster_list_roster_import_problems",
    response=ProblemPageOut,
    summary="Masalah per baris satu impor data ASN, per halaman",
    auth=staff("workforce.manage_asn"),
)
def list_roster_import_problems(
    request: HttpRequest,
    import_id: int,
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=200),  # noqa: B008 - ninja idiom
):
    ri = _import_or_404(request, import_id)
    start = 0
    if cursor:
        values = decode_cursor(cursor)
        if len(values) != 1 or not isinstance(values[0], int) or values[0] < 0:
            raise BadCursor(gettext("Kursor halaman tidak valid."))
        start = values[0]
    problems = ri.problems or []
    items = [render_problem(p) for p in problems[start : start + limit]]
    more = start + limit < len(problems)
    return {"items": items, "next_cursor": encode_cursor([start + limit]) if more else None}


@router.post(
    "/roster-imports/{import_id}/run",
    operation_id="sigap_workforce_api_roster_run_roster_import",
    response={202: RosterImportOut},
    summary="Jalankan impor (seluruhnya atau tidak sama sekali)",
    description=(
        "Hanya untuk impor berstatus `validated`. Idempoten: impor yang sudah antre, "
        "berjalan atau selesai dikembalikan apa adanya. Pantau `processed_rows` dengan GET."
    ),
    auth=staff("workforce.manage_asn"),
)
def run_roster_import(request: HttpRequest, import_id: int):
    ri = _import_or_404(request, import_id)
    try:
        ri = start_import(ri, by=request.user)
    except ValidationError as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc
    return Status(202, ri)
