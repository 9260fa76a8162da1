from __future__ import annotations

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy

from sigap.platform.forms import HtmlDateInput
from sigap.workcal.models import HolidayOverride

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class YearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Tahun"), min_value=2000, max_value=2100)


class HolidayForm(forms.Form):
    """Add a cuti bersama or a local holiday."""

    date = forms.DateField(label=gettext_lazy("Tanggal"), widget=HtmlDateInput())
    name = forms.CharField(
        label=gettext_lazy("Nama hari libur"),
        max_length=200,
        help_text=gettext_lazy("Misalnya hari jadi daerah, atau cuti bersama dari SKB terbaru."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Jenis"),
        choices=[
            (HolidayOverride.Kind.LOCAL, HolidayOverride.Kind.LOCAL.label),
            (HolidayOverride.Kind.CUTI_BERSAMA, HolidayOverride.Kind.CUTI_BERSAMA.label),
        ],
    )


class WorkingDayForm(forms.Form):
    """Declare a national holiday or cuti bersama a working day in this pemda."""

    date = forms.DateField(label=gettext_lazy("Tanggal"), widget=HtmlDateInput())
    name = forms.CharField(
        label=gettext_lazy("Keterangan (opsional)"), max_length=200, required=False
    )


class OfficeHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=gettext_lazy("Hari"), coerce=int, choices=[(i, WEEKDAYS[i]) for i in range(5)]
    )
    opens = forms.TimeField(label=gettext_lazy("Jam buka"), widget=TIME_INPUT)
    closes = forms.TimeField(label=gettext_lazy("Jam tutup"), widget=TIME_INPUT)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("opens") and data.get("closes") and data["closes"] <= data["opens"]:
            self.add_error("closes", "Jam tutup harus setelah jam buka.")
        return data


class DeadlineForm(forms.Form):
    """Start moment + N working days.

    Validate inside ``timezone.override(pemda zone)``: the wall time typed is the pemda's.
    """

    start = forms.DateTimeField(
        label=gettext_lazy("Waktu mulai (diterima)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        help_text=gettext_lazy("Dalam zona waktu pemda."),
    )
    working_days = forms.IntegerField(
        label=gettext_lazy("Jumlah hari kerja"), min_value=1, max_value=365
    )
