"""Pages for importing the ASN roster: upload (dry run), report with live progress, template."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from sigap.platform.access import staff_permission_required
from sigap.platform.forms import apply_validation_error
from sigap.platform.pagination import BadCursor, keyset_page
from sigap.platform.stored_text import number
from sigap.workforce.models import RosterImport
from sigap.workforce.roster.importer import (
    get_import_for,
    imports_of,
    problem_count,
    problems_of,
    start_import,
    upload_roster,
)
from sigap.workforce.roster.rules import (
    MAX_FILE_BYTES,
    RosterFileError,
    file_kind,
    render_problem,
    template_workbook,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROBLEMS_PER_PAGE = 200


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas data ASN"),
        help_text=format_lazy(
            gettext_lazy(
                "Excel (.xlsx) atau CSV (UTF-8, pemisah koma atau titik koma), paling besar "
                "{mb} MB. Gunakan templat atau ekspor SIASN/SIMPEG dengan judul kolom yang sama."
            ),
            mb=MAX_FILE_BYTES // 1024 // 1024,
        ),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,.csv,{XLSX_TYPE},text/csv"}),
    )

    def clean_file(self):  # noqa: ANN201 - an UploadedFile
        upload = self.cleaned_data["file"]
        try:
            file_kind(upload.name)
        except RosterFileError as exc:
            raise ValidationError(str(exc)) from exc
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                str(
                    RosterFileError(
                        "file_too_large",
                        size=number(round(upload.size / 1024 / 1024, 1), 1),
                        limit=MAX_FILE_BYTES // 1024 // 1024,
                    )
                )
            )
        return upload


@staff_permission_required("workforce.manage_asn")
@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest) -> HttpResponse:
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            ri, created = upload_roster(
                request.agency, file_name=upload.name, content=upload.read(), by=request.user
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if not created:
                messages.info(
                    request,
                    _(
                        "Berkas yang sama sudah diunggah dan belum selesai diimpor; "
                        "berikut hasil pemeriksaannya."
                    ),
                )
            return redirect("workforce:roster_import_detail", import_id=ri.pk)
    try:
        page = keyset_page(
            imports_of(request.agency).select_related("uploaded_by"),
            key="created_at",
            cursor=request.GET.get("cursor"),
            size=20,
        )
    except BadCursor:
        page = keyset_page(
            imports_of(request.agency).select_related("uploaded_by"),
            key="created_at",
            cursor=None,
            size=20,
        )
    return render(request, "workforce/roster/import.html", {"form": form, "page": page})


def _status_context(ri: RosterImport) -> dict:
    polling = ri.status in (RosterImport.Status.QUEUED, RosterImport.Status.RUNNING)
    percent = round(100 * ri.processed_rows / ri.total_rows) if ri.total_rows else 0
    unchanged = max(ri.total_rows - ri.created_count - ri.updated_count, 0)
    return {
        "ri": ri,
        "polling": polling,
        "percent": percent,
        "unchanged": unchanged,
        "problem_total": problem_count(ri),
    }


@staff_permission_required("workforce.manage_asn")
@require_http_methods(["GET", "POST"])
def roster_import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    ri = get_import_for(request.agency, import_id)
    if ri is None:
        raise Http404
    if request.method == "POST":
        try:
            ri = start_import(ri, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if ri.status == RosterImport.Status.DONE:
                messages.success(request, _("Impor selesai."))
            elif ri.status == RosterImport.Status.FAILED:
                messages.error(request, _("Impor gagal; tidak ada data yang ditulis."))
            else:
                messages.info(request, _("Impor dijalankan. Kemajuannya tampil di halaman ini."))
        return redirect("workforce:roster_import_detail", import_id=ri.pk)

    context = _status_context(ri)
    if request.htmx:
        response = render(request, "workforce/roster/_status.html", context)
        if not context["polling"]:
            # Finished: reload once so the whole report (counts, problems) is shown.
            response["HX-Refresh"] = "true"
        return response

    problems = [p for p in ri.problems or [] if not p.get("info")]
    notes = problems_of(ri, info=True)
    try:
        page_number = max(int(request.GET.get("halaman", "1")), 1)
    except ValueError:
        page_number = 1
    pages = max((len(problems) + PROBLEMS_PER_PAGE - 1) // PROBLEMS_PER_PAGE, 1)
    page_number = min(page_number, pages)
    # Only the page shown is written out (a report can hold 100,000 problems).
    shown = [
        render_problem(p)
        for p in problems[(page_number - 1) * PROBLEMS_PER_PAGE : page_number * PROBLEMS_PER_PAGE]
    ]
    rows_with_problems = len({p["row"] for p in problems if p.get("row")})
    context.update(
        {
            "problems": shown,
            "notes": notes,
            "page_number": page_number,
            "pages": pages,
            "rows_with_problems": rows_with_problems,
        }
    )
    return render(request, "workforce/roster/detail.html", context)


@staff_permission_required("workforce.manage_asn")
@require_GET
def roster_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_workbook(request.agency), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-data-asn.xlsx"'
    return response
