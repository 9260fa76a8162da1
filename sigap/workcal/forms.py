from __future__ import annotations

from django import forms

from sigap.platform.forms import HtmlDateInput
from sigap.workcal import calendar as wc
from sigap.workcal.models import HolidayOverride

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class YearForm(forms.Form):
    year = forms.IntegerField(label="Tahun", min_value=2000, max_value=2100)


class HolidayForm(forms.Form):
    """Add a cuti bersama or a local holiday."""

    date = forms.DateField(label="Tanggal", widget=HtmlDateInput())
    name = forms.CharField(
        label="Nama hari libur",
        max_length=200,
        help_text="Misalnya hari jadi daerah, atau cuti bersama dari SKB terbaru.",
    )
    kind = forms.ChoiceField(
        label="Jenis",
        choices=[
            (HolidayOverride.Kind.LOCAL, HolidayOverride.Kind.LOCAL.label),
            (HolidayOverride.Kind.CUTI_BERSAMA, HolidayOverride.Kind.CUTI_BERSAMA.label),
        ],
    )


class WorkingDayForm(forms.Form):
    """Declare a national holiday or cuti bersama a working day in this pemda."""

    date = forms.DateField(label="Tanggal", widget=HtmlDateInput())
    name = forms.CharField(label="Keterangan (opsional)", max_length=200, required=False)


class OfficeHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label="Hari", coerce=int, choices=[(i, wc.WEEKDAY_NAMES[i]) for i in range(5)]
    )
    opens = forms.TimeField(label="Jam buka", widget=TIME_INPUT)
    closes = forms.TimeField(label="Jam tutup", widget=TIME_INPUT)

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
        label="Waktu mulai (diterima)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        help_text="Dalam zona waktu pemda.",
    )
    working_days = forms.IntegerField(label="Jumlah hari kerja", min_value=1, max_value=365)
