from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.audit.events import EVENTS
from sigap.audit.registry import audited_models
from sigap.platform.forms import HtmlDateInput
from sigap.trail.display import ACTION_LABELS, CHANNEL_LABELS


def _model_choices() -> list[tuple[str, str]]:
    return [("", _("Semua"))] + sorted(
        (m._meta.label_lower, str(m._meta.verbose_name).capitalize()) for m in audited_models()
    )


def _event_choices() -> list[tuple[str, str]]:
    return [("", _("Semua"))] + sorted(
        ((name, str(label)) for name, label in EVENTS.items()), key=lambda item: item[1]
    )


class TrailSearchForm(forms.Form):
    text = forms.CharField(label=_("Cari (objek, perubahan, ID)"), required=False)
    model = forms.ChoiceField(label=_("Jenis data"), required=False, choices=_model_choices)
    action = forms.TypedChoiceField(
        label=_("Tindakan"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Semua")), *ACTION_LABELS.items()],
    )
    event = forms.ChoiceField(label=_("Peristiwa"), required=False, choices=_event_choices)
    actor = forms.CharField(label=_("Pelaku"), required=False)
    channel = forms.ChoiceField(
        label=_("Saluran"),
        required=False,
        choices=[("", _("Semua")), *CHANNEL_LABELS.items()],
    )
    date_from = forms.DateField(label=_("Dari tanggal"), required=False, widget=HtmlDateInput())
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, widget=HtmlDateInput())

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Tanggal akhir harus sama atau setelah tanggal awal."))
        return data
