"""The results report: one ``Report`` built from the request's filters, shown as a page,
and exported as the official PDF (method, respondents, NRR per element, IKM, grade,
analysis, follow-up plan) and as Excel. Charts are SVG drawn on the server by pygal
(no script, nothing fetched by the browser)."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pygal
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from openpyxl import Workbook
from pygal.style import Style

from sigap.audit.events import record_access, register_events
from sigap.services.models import Service
from sigap.services.standard_pdf import printable
from sigap.surveys import ikm, results
from sigap.surveys.models import ImprovementAction, Response
from sigap.surveys.questionnaire import CODES, elements
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workforce.models import Employee

register_events({"ekspor hasil survei": "Ekspor hasil survei kepuasan"})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Drawn at a phone's width (the SVG scales up on wider screens), so that the labels stay
# readable on the phones and tablets unit heads use.
CHART_STYLE = Style(
    background="white",
    plot_background="white",
    colors=("#0a58ca", "#adb5bd"),
    title_font_size=16,
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=12,
)
CHART_WIDTH = 420
PROFILE = (
    ("age_band", gettext_lazy("Usia")),
    ("gender", gettext_lazy("Jenis kelamin")),
    ("education", gettext_lazy("Pendidikan")),
    ("occupation", gettext_lazy("Pekerjaan")),
)


@dataclass
class Report:
    agency: Agency
    period: results.Period
    kind: str
    unit: OrgUnit | None
    service: Service | None
    result: ikm.Result
    elements: list[dict[str, Any]]
    adequacy: results.Adequacy
    trend: list[tuple[results.Period, ikm.Result]]
    officers: list[dict[str, Any]]
    officers_hidden: int
    profiles: list[tuple[str, list[dict[str, Any]]]]
    suggestions: list[str]
    previous: ikm.Result
    actions: list[ImprovementAction]
    outcomes: list[results.ActionOutcome]
    units: list[OrgUnit]
    services: list[Service]
    min_group: int
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def chart(self) -> str:
        return trend_chart(self.trend)

    @property
    def element_chart(self) -> str:
        return element_chart(self.result)

    @property
    def priority_name(self) -> str:
        return elements()[CODES.index(self.result.priority)].name if self.result.priority else ""

    @property
    def priority_change(self) -> float | None:
        if not self.result.priority:
            return None
        return results.follow_up(self.previous, self.result, self.result.priority)

    @property
    def outcome_window(self) -> int:
        return results.OUTCOME_WINDOW_DAYS

    @property
    def ci_text(self) -> str:
        low, high = self.result.ci
        if low != low:  # NaN: fewer than two complete respondents
            return _("tidak cukup data")
        return f"{low:.2f} – {high:.2f}"


def build(user: Any, agency: Agency, params: Mapping[str, str]) -> Report:
    scope = results.scope_for(user, agency)
    kind = params.get("jenis", "quarter")
    if kind not in results.KINDS:
        kind = "quarter"
    default = results.Period.containing(kind, agency.today())
    period = results.Period.parse(params.get("periode", ""), default)
    kind = period.kind
    units = list(
        scope.rows(OrgUnit.objects.filter(agency=agency), unit_path="path").order_by("path")
    )
    services = list(
        scope.rows(Service.objects.filter(agency=agency), unit_path="unit__path").order_by("name")
    )
    unit = next((u for u in units if str(u.pk) == params.get("unit", "")), None)
    service = next((s for s in services if str(s.pk) == params.get("layanan", "")), None)
    where = results.Slice(unit=unit, service_id=service.pk if service else None)
    tally = results.tally(agency, period, where, scope)
    result = ikm.result(tally)
    previous = ikm.result(results.tally(agency, period.previous(), where, scope))
    shown, hidden = results.officers(agency, period, where, scope)
    names = dict(
        Employee.objects.filter(pk__in=[pk for pk, _r in shown]).values_list("pk", "full_name")
    )
    officer_rows = [{"name": names.get(pk, "?"), "result": r} for pk, r in shown]
    profiles = [
        (label, results.profile_breakdown(agency, period, dim, where, scope))
        for dim, label in PROFILE
    ]
    unit_paths = [u.path for u in units]
    action_qs = ImprovementAction.objects.filter(agency=agency).select_related("unit", "owner")
    actions = [a for a in action_qs if any(a.unit.path.startswith(p) for p in unit_paths)]
    if unit is not None:
        actions = [a for a in actions if a.unit.path.startswith(unit.path)]
    actions = actions[:50]
    return Report(
        agency=agency,
        period=period,
        kind=kind,
        unit=unit,
        service=service,
        result=result,
        elements=results.elements_table(result),
        adequacy=results.adequacy(results.served(agency, period, where, scope), tally.responses),
        trend=results.trend(agency, period, 6, where, scope),
        officers=officer_rows,
        officers_hidden=hidden,
        profiles=profiles,
        suggestions=results.suggestions(agency, period, where, scope, limit=20),
        previous=previous,
        actions=actions,
        outcomes=results.action_outcomes(agency, actions),
        units=units,
        services=services,
        min_group=results.min_group(),
        filters={
            "periode": period.code,
            "unit": str(unit.pk) if unit else "",
            "layanan": str(service.pk) if service else "",
        },
    )


def unit_rows(agency: Agency, period: results.Period) -> list[dict[str, Any]]:
    """Each unit with responses in the period: IKM and grade (the public page)."""
    table = results.grouped(agency, "unit_id", period.kind, period.start, period.end)
    names = dict(OrgUnit.objects.filter(pk__in=[k[0] for k in table]).values_list("pk", "name"))
    rows = []
    for (unit_id, _p), tally in table.items():
        r = ikm.result(tally)
        # A unit with a handful of respondents would publish their answers all but
        # individually (whoever knows who was served that month could read them): the
        # public page withholds it below the same minimum group as per-officer results.
        withheld = r.responses < results.min_group()
        rows.append({"name": names.get(unit_id, "?"), "result": r, "withheld": withheld})
    rows.sort(key=lambda row: row["name"])
    return rows


_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)


def _svg(chart: Any) -> str:
    """The chart's SVG, without pygal's inline configuration script (the CSP allows
    scripts from Sigap's own files only, and the charts need none: no tooltips)."""
    svg = chart.render(is_unicode=True)
    svg = svg.replace('<?xml version="1.0" encoding="utf-8"?>', "")
    return _SCRIPT.sub("", svg)


def trend_chart(trend: list[tuple[results.Period, ikm.Result]]) -> str:
    chart = pygal.Line(
        style=CHART_STYLE,
        width=CHART_WIDTH,
        height=260,
        x_label_rotation=30,
        range=(25, 100),
        show_legend=False,
        js=[],
        disable_xml_declaration=True,
    )
    chart.title = _("IKM per periode")
    chart.x_labels = [p.label for p, _r in trend]
    chart.add(
        "IKM", [float(r.ikm_rounded) if r.ikm_rounded is not None else None for _p, r in trend]
    )
    return _svg(chart)


def element_chart(result: ikm.Result) -> str:
    chart = pygal.HorizontalBar(
        style=CHART_STYLE,
        width=CHART_WIDTH,
        height=300,
        range=(1, 4),
        show_legend=False,
        js=[],
        disable_xml_declaration=True,
    )
    chart.title = _("NRR per unsur")
    chart.x_labels = list(CODES)
    chart.add("NRR", [round(v, 3) if v is not None else None for v in result.nrr_float])
    return _svg(chart)


def _filename(report: Report, ext: str) -> str:
    return f"ikm-{report.agency.slug}-{report.period.code}.{ext}"


def _audit_export(report: Report, what: str) -> None:
    record_access(
        "ekspor hasil survei",
        report.agency,
        details={"format": what, "filters": report.filters, "rows": report.result.responses},
    )


def _fmt(value: Any, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _pdf_text(text: str) -> str:
    # The core fonts draw Latin-1; dashes are spelt plainly.
    return printable(text).replace("\u2013", "-").replace("\u2014", "-")


def pdf_bytes(report: Report) -> bytes:
    r = report.result
    pdf = FPDF(format="A4")
    pdf.set_margins(18, 16, 18)
    pdf.add_page()

    def line(text: str, size: int = 10, style: str = "", h: float = 5.5) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, h, _pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    line(_("LAPORAN SURVEI KEPUASAN MASYARAKAT"), 14, "B", 7)
    scope = report.unit.name if report.unit else report.agency.name
    line(f"{scope} - {report.period.label}", 11, "B")
    if report.service:
        line(_("Layanan: %(s)s") % {"s": report.service.name})
    pdf.ln(2)
    line(_("1. Metode"), 11, "B")
    line(
        _(
            "Survei mengikuti PermenPAN-RB Nomor 14 Tahun 2017: sembilan unsur pelayanan dinilai "
            "dengan skala 1 sampai 4. NRR per unsur = jumlah nilai / jumlah jawaban; IKM = 25 x "
            "jumlah NRR x 1/9 (bobot tepat 1/9). Mutu dibaca dari IKM yang dibulatkan dua "
            "desimal. Ukuran sampel menurut tabel Krejcie dan Morgan."
        )
    )
    pdf.ln(1)
    line(_("2. Responden"), 11, "B")
    a = report.adequacy
    line(
        _("Jumlah responden: %(n)s. Orang yang dilayani: %(s)s. Sampel minimal: %(m)s.")
        % {"n": r.responses, "s": a.served, "m": a.needed}
    )
    if a.missing:
        line(_("Sampel belum memadai: kurang %(k)s responden.") % {"k": a.missing})
    for label, rows in report.profiles:
        if rows:
            line(label + ": " + "; ".join(f"{row['value']} {row['n']}" for row in rows), 9)
    pdf.ln(1)
    line(_("3. Nilai per unsur"), 11, "B")
    pdf.set_font("Helvetica", "B", 9)
    widths = (14, 96, 30, 34)
    for w, head in zip(widths, (_("Unsur"), _("Nama"), "NRR", _("NRR x 1/9")), strict=True):
        pdf.cell(w, 6, _pdf_text(head), border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    for row in report.elements:
        cells = (row["code"], row["name"], _fmt(row["nrr"], 3), _fmt(row["weighted"], 3))
        for w, text in zip(widths, cells, strict=True):
            pdf.cell(w, 6, _pdf_text(text)[:60], border=1)
        pdf.ln()
    pdf.ln(2)
    line(_("4. Indeks Kepuasan Masyarakat"), 11, "B")
    if r.ikm_rounded is not None:
        line(
            _("IKM %(v)s, mutu %(g)s (%(l)s); selang kepercayaan 95%%: %(ci)s.")
            % {"v": r.ikm_rounded, "g": r.grade, "l": _(r.grade_label), "ci": report.ci_text},
            11,
            "B",
        )
    else:
        line(_("Belum ada jawaban untuk setiap unsur pada periode ini."))
    pdf.ln(1)
    line(_("5. Analisis"), 11, "B")
    if r.priority:
        line(
            _("Unsur dengan NRR terendah, prioritas perbaikan: %(c)s %(n)s.")
            % {"c": r.priority, "n": report.priority_name}
        )
        change = report.priority_change
        if change is not None:
            line(_("Perubahan NRR unsur ini dari periode sebelumnya: %(d)+.3f.") % {"d": change})
    for text in report.suggestions[:5]:
        line("- " + text[:200], 9)
    pdf.ln(1)
    line(_("6. Rencana tindak lanjut dan hasilnya"), 11, "B")
    if not report.outcomes:
        line(_("Belum ada tindak lanjut tercatat."))
    else:
        line(
            _(
                "Untuk tindak lanjut yang selesai: NRR unsurnya dan IKM unit dalam jumlah hari "
                "yang sama sebelum dan sesudah tanggal selesai (paling lama %(d)s hari), dengan "
                "jumlah jawaban (n)."
            )
            % {"d": results.OUTCOME_WINDOW_DAYS},
            9,
        )
    for outcome in report.outcomes:
        action = outcome.action
        line(
            f"{action.element} - {action.description} ({action.owner.full_name}, "
            f"{action.due_date:%d/%m/%Y}, {action.get_status_display()})",
            9,
            "B",
        )
        line("   " + outcome_text(outcome), 9)
    return bytes(pdf.output())


def outcome_text(outcome: results.ActionOutcome) -> str:
    """One line: the element before and after, the IKM before and after, the verdict."""
    if outcome.windows() is None:
        return outcome.verdict_label
    before = outcome.before.ikm_rounded
    after = outcome.after.ikm_rounded
    return _(
        "%(days)s hari sebelum / sesudah %(day)s: NRR %(code)s %(nb)s (n=%(n1)s) -> %(na)s "
        "(n=%(n2)s); IKM %(ib)s -> %(ia)s; %(verdict)s."
    ) % {
        "days": outcome.window,
        "day": f"{outcome.day:%d/%m/%Y}",
        "code": outcome.action.element,
        "nb": _fmt(outcome.nrr_before, 3),
        "n1": outcome.n_before,
        "na": _fmt(outcome.nrr_after, 3),
        "n2": outcome.n_after,
        "ib": before if before is not None else "-",
        "ia": after if after is not None else "-",
        "verdict": outcome.verdict_label,
    }


def pdf_response(user: Any, report: Report) -> HttpResponse:
    _audit_export(report, "pdf")
    response = HttpResponse(pdf_bytes(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "pdf")}"'
    return response


def xlsx_bytes(report: Report) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "IKM"
    r = report.result
    ws.append([_("Survei Kepuasan Masyarakat"), report.agency.name, report.period.label])
    ws.append([_("Responden"), r.responses])
    ws.append([_("Dilayani"), report.adequacy.served, _("Sampel minimal"), report.adequacy.needed])
    ws.append([])
    ws.append([_("Unsur"), _("Nama"), "NRR", _("NRR x 1/9")])
    for row in report.elements:
        ws.append([row["code"], row["name"], row["nrr"], row["weighted"]])
    ws.append([])
    ws.append(
        [
            "IKM",
            float(r.ikm_rounded) if r.ikm_rounded is not None else None,
            r.grade,
            _(r.grade_label) if r.grade_label else "",
        ]
    )
    low, high = r.ci
    ws.append(
        [_("Selang kepercayaan 95%"), _("tidak cukup data")]
        if low != low
        else [_("Selang kepercayaan 95%"), low, high]
    )
    ws.append([_("Prioritas perbaikan"), r.priority or ""])
    officers = wb.create_sheet(_("Petugas"))
    officers.append([_("Petugas"), _("Responden"), "IKM", _("Mutu")])
    for row in report.officers:
        o = row["result"]
        officers.append(
            [
                row["name"],
                o.responses,
                float(o.ikm_rounded) if o.ikm_rounded is not None else None,
                o.grade,
            ]
        )
    trend = wb.create_sheet(_("Tren"))
    trend.append([_("Periode"), _("Responden"), "IKM", _("Mutu")])
    for period, t in report.trend:
        trend.append(
            [
                period.label,
                t.responses,
                float(t.ikm_rounded) if t.ikm_rounded is not None else None,
                t.grade,
            ]
        )
    follow = wb.create_sheet(_("Tindak lanjut"))
    follow.append(
        [
            _("Unsur"),
            _("Rencana tindak lanjut"),
            _("Penanggung jawab"),
            _("Batas waktu"),
            _("Status"),
            _("Tanggal selesai"),
            _("Hari per sisi"),
            _("NRR sebelum"),
            _("n sebelum"),
            _("NRR sesudah"),
            _("n sesudah"),
            _("Perubahan NRR"),
            _("IKM sebelum"),
            _("IKM sesudah"),
            _("Kesimpulan"),
        ]
    )
    for o in report.outcomes:
        a = o.action
        compared = o.windows() is not None
        follow.append(
            [
                a.element,
                a.description,
                a.owner.full_name,
                a.due_date,
                a.get_status_display(),
                o.day,
                o.window if compared else None,
                o.nrr_before if compared else None,
                o.n_before if compared else None,
                o.nrr_after if compared else None,
                o.n_after if compared else None,
                o.change if compared else None,
                _decimal(o.before.ikm_rounded) if compared else None,
                _decimal(o.after.ikm_rounded) if compared else None,
                o.verdict_label,
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _decimal(value: Any) -> float | None:
    return float(value) if value is not None else None


def xlsx_response(user: Any, report: Report) -> HttpResponse:
    _audit_export(report, "xlsx")
    response = HttpResponse(xlsx_bytes(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "xlsx")}"'
    return response


__all__ = ["Report", "build", "pdf_bytes", "xlsx_bytes", "Response"]
