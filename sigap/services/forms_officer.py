"""Forms of the officers' pages: queue filters, the actions on an application, bulk
actions, the quick entry of a service event and the Open311 clients page."""

from __future__ import annotations

from html import escape  # the standard library's: the same entities as Django's, no SafeString
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sigap.services.models import Application, ServiceEvent
from sigap.services.work_queue import SLA_STATES, TAB_MINE, TAB_UNIT, TAB_WAITING

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    """``<input type=datetime-local>``: ISO text whatever the page's locale, read in the
    pemda's zone (the active time zone of the request)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def _datetime_field(label: str, *, required: bool = True, help_text: str = "") -> forms.Field:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        widget=LocalDateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
    )


class QueueFilterForm(forms.Form):
    tab = forms.ChoiceField(
        label=_("Daftar"),
        required=False,
        choices=[
            (TAB_MINE, _("Tugas saya")),
            (TAB_UNIT, _("Unit saya")),
            (TAB_WAITING, _("Menunggu pemohon")),
        ],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua status"))]
        + [(s.value, s.label) for s in Application.Status if s in Application.OPEN],
    )
    service = forms.ModelChoiceField(
        label=_("Layanan"), required=False, queryset=None, empty_label=_("Semua layanan")
    )
    sla = forms.ChoiceField(
        label=_("Batas waktu"),
        required=False,
        choices=[
            ("", _("Semua")),
            ("overdue", _("Lewat batas waktu")),
            ("near", _("Mendekati batas waktu")),
            ("on_track", _("Masih dalam waktu")),
        ],
    )

    def __init__(self, *args: Any, services: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services

    def clean_sla(self) -> str:
        value = self.cleaned_data.get("sla") or ""
        return value if value in SLA_STATES else ""

    def field_groups(self, service_rows: list[tuple[int, str]]) -> dict[str, SafeString] | None:
        """The status, SLA and service field groups with the markup of
        ``platform/_field.html`` (label, then the select; Django's ids), joined in Python:
        through the form templates they cost ≈ 5 ms of every queue request. The service
        options come from ``service_rows`` ((pk, name), the queryset's own order). None
        when a field has errors: the page then renders the form the usual way."""
        if self.errors:
            return None
        services = [("", str(self.fields["service"].empty_label)), *service_rows]
        return {
            name: _field_group(self[name], choices)
            for name, choices in (
                ("status", self.fields["status"].choices),
                ("sla", self.fields["sla"].choices),
                ("service", services),
            )
        }


# Escaped option lists by (language, choices): a few small lists per process.
_OPTIONS: dict[tuple, tuple[list[str], dict[str, list[tuple[int, str]]]]] = {}
_MAX_OPTIONS = 256


def _option_parts(choices: list[tuple[Any, Any]]) -> tuple[list[str], dict]:
    pairs = tuple(("" if k is None else str(k), str(label)) for k, label in choices)
    key = (get_language(), pairs)
    hit = _OPTIONS.get(key)
    if hit is None:
        parts: list[str] = []
        selected: dict[str, list[tuple[int, str]]] = {}
        for i, (value, label) in enumerate(pairs):
            v, t = escape(value), escape(label)
            parts.append(f'<option value="{v}">{t}</option>')
            selected.setdefault(value, []).append((i, f'<option value="{v}" selected>{t}</option>'))
        if len(_OPTIONS) >= _MAX_OPTIONS:
            _OPTIONS.pop(next(iter(_OPTIONS)), None)
        hit = _OPTIONS[key] = (parts, selected)
    return hit


def _field_group(field: forms.BoundField, choices: list[tuple[Any, Any]]) -> SafeString:
    """``platform/_field.html`` of a select without help text or errors: Django's label
    (with the form's suffix) and ``select.html`` markup, the chosen option selected."""
    parts, selected = _option_parts(choices)
    value = field.value()
    chosen = {"" if v is None else str(v) for v in (value if isinstance(value, list) else [value])}
    marked = [hit for c in chosen for hit in selected.get(c, ())]
    if marked:
        parts = list(parts)
        for i, html in marked:
            parts[i] = html
    id_ = escape(field.auto_id)
    label = escape(str(field.label))
    suffix = field.form.label_suffix or ""
    if suffix and label and label[-1] not in ":?.!":
        label += escape(suffix)
    options = "\n  ".join(parts)
    # Every value, label and id is escaped above.
    return mark_safe(  # noqa: S308
        f'<div class="form-field">\n  <label for="{id_}">{label}</label>\n'
        f'  <select name="{escape(field.html_name)}" id="{id_}">\n  {options}\n</select>\n</div>'
    )


class EmptyActionForm(forms.Form):
    """Verify, start processing, claim: nothing to fill but the confirmation."""


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Yang harus diperbaiki pemohon"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,  # the domain function says why when it is empty
        help_text=_("Pemohon membaca catatan ini. Batas waktu berhenti sampai diajukan ulang."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penolakan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Pemohon membaca alasan ini."),
    )


class CompleteForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan (tidak wajib)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class ExtendForm(forms.Form):
    amount = forms.IntegerField(label=_("Tambahan waktu"), min_value=1, required=False)
    reason = forms.CharField(
        label=_("Alasan perpanjangan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text=_("Pemohon membaca alasan ini. Perpanjangan hanya sekali."),
    )


class AssignForm(forms.Form):
    officer = forms.TypedChoiceField(label=_("Petugas"), coerce=int)

    def __init__(self, *args: Any, officers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.officers = {u.pk: u for u in officers}
        self.fields["officer"].choices = [("", "—")] + [
            (u.pk, f"{u.full_name} ({u.username})") for u in officers
        ]

    def clean_officer(self) -> Any:
        return self.officers[self.cleaned_data["officer"]]


class BulkForm(forms.Form):
    ACTIONS = [("claim", _("Klaim untuk saya")), ("assign", _("Alihkan ke petugas"))]

    action = forms.ChoiceField(label=_("Tindakan"), choices=ACTIONS)
    ids = forms.TypedMultipleChoiceField(label=_("Permohonan"), coerce=int)
    officer = forms.TypedChoiceField(label=_("Petugas"), coerce=int, required=False)

    def __init__(
        self, *args: Any, applications: list[Application], officers: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.applications = {a.pk: a for a in applications}
        self.officers = {u.pk: u for u in officers}
        self.fields["ids"].choices = [(a.pk, a.tracking_number) for a in applications]
        self.fields["officer"].choices = [("", "—")] + [
            (u.pk, f"{u.full_name} ({u.username})") for u in officers
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("action") == "assign":
            if not self.officers:
                raise forms.ValidationError(_("Anda tidak dapat mengalihkan permohonan."))
            if not data.get("officer"):
                self.add_error("officer", _("Pilih petugas penerima."))
            else:
                data["officer"] = self.officers[data["officer"]]
        return data


class QuickEntryForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Layanan"), queryset=None)
    channel = forms.ChoiceField(
        label=_("Cara layanan"),
        choices=[
            (c.value, c.label)
            for c in ServiceEvent.Channel
            if c
            in (
                ServiceEvent.Channel.COUNTER,
                ServiceEvent.Channel.PHONE,
                ServiceEvent.Channel.OUTREACH,
            )
        ],
    )
    outcome = forms.ChoiceField(label=_("Hasil"), choices=ServiceEvent.Outcome.choices)
    arrived_at = _datetime_field(_("Datang/menghubungi"))
    started_at = _datetime_field(_("Mulai dilayani"), required=False)
    finished_at = _datetime_field(_("Selesai"), required=False)
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)

    def __init__(self, *args: Any, services: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services


class Open311ClientForm(forms.Form):
    name = forms.CharField(
        label=_("Nama klien"),
        max_length=120,
        required=False,
        help_text=_("Misalnya: Aplikasi Jambi Sigap, anjungan mandiri Mal Pelayanan Publik."),
    )
