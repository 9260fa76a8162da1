from __future__ import annotations

from auditlog.models import LogEntry
from django import forms

from sigap.audit.events import EVENTS
from sigap.audit.registry import audited_models
from sigap.platform.forms import HtmlDateInput


def _model_choices() -> list[tuple[str, str]]:
    return [("", "Semua")] + sorted(
        (m._meta.label_lower, str(m._meta.verbose_name).capitalize()) for m in audited_models()
    )


def _event_choices() -> list[tuple[str, str]]:
    return [("", "Semua")] + sorted(EVENTS.items(), key=lambda item: item[1])


class TrailSearchForm(forms.Form):
    text = forms.CharField(label="Cari (objek, perubahan, ID)", required=False)
    model = forms.ChoiceField(label="Jenis data", required=False, choices=_model_choices)
    action = forms.TypedChoiceField(
        label="Tindakan",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", "Semua"),
            (LogEntry.Action.CREATE, "Buat"),
            (LogEntry.Action.UPDATE, "Ubah"),
            (LogEntry.Action.DELETE, "Hapus"),
            (LogEntry.Action.ACCESS, "Akses"),
        ],
    )
    event = forms.ChoiceField(label="Peristiwa", required=False, choices=_event_choices)
    actor = forms.CharField(label="Pelaku", required=False)
    channel = forms.ChoiceField(
        label="Saluran",
        required=False,
        choices=[
            ("", "Semua"),
            ("page", "Halaman"),
            ("admin", "Back office"),
            ("api", "API"),
            ("import", "Impor"),
            ("command", "Perintah"),
            ("system", "Sistem"),
        ],
    )
    date_from = forms.DateField(label="Dari tanggal", required=False, widget=HtmlDateInput())
    date_to = forms.DateField(label="Sampai tanggal", required=False, widget=HtmlDateInput())

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "Tanggal akhir harus sama atau setelah tanggal awal.")
        return data
