"""Forms of the learning pages: they parse input; the domain functions validate it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.learning.models import (
    EXPERIENTIAL,
    Budget,
    Form,
    JpRule,
    MentoringPair,
    Programme,
)
from sigap.platform.forms import HtmlDateInput, TenantModelChoiceField
from sigap.platform.widgets import FastSelect
from sigap.tenancy.models import OrgUnit
from sigap.workforce.models import Competency, Employee, JabatanType

CATALOGUE_FORMS = [(v, label) for v, label in Form.choices if v not in EXPERIENTIAL]
DATETIME = "%Y-%m-%dT%H:%M"


class DateTimeLocal(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=DATETIME)


class ProgrammeForm(forms.Form):
    code = forms.CharField(label=_("Kode"), max_length=40)
    title = forms.CharField(label=_("Nama program"), max_length=200)
    form = forms.ChoiceField(label=_("Bentuk"), choices=CATALOGUE_FORMS)
    provider_kind = forms.ChoiceField(label=_("Penyelenggara"), choices=Programme.Provider.choices)
    provider_name = forms.CharField(label=_("Nama penyelenggara"), max_length=200, required=False)
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    capacity = forms.IntegerField(label=_("Kapasitas (peserta)"), min_value=1)
    cost_per_participant = forms.DecimalField(
        label=_("Biaya per peserta (Rp)"), min_value=0, decimal_places=0, initial=0
    )
    competency = TenantModelChoiceField(Competency, label=_("Kompetensi sasaran"), required=False)
    level = forms.IntegerField(label=_("Level sasaran"), min_value=1, max_value=5, required=False)
    description = forms.CharField(
        label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Mulai"), widget=DateTimeLocal(), input_formats=[DATETIME]
    )
    ends_at = forms.DateTimeField(
        label=_("Selesai"), widget=DateTimeLocal(), input_formats=[DATETIME]
    )
    place = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    online_link = forms.URLField(label=_("Tautan daring"), required=False, assume_scheme="https")


class NominateForm(forms.Form):
    identifier = forms.CharField(
        label=_("NIP / nomor PPPK"), max_length=30, help_text=_("ASN di unit Anda.")
    )
    reason = forms.CharField(label=_("Alasan usulan"), max_length=300, required=False)


class ApproveForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Alasan melampaui anggaran"),
        max_length=300,
        required=False,
        help_text=_("Hanya untuk pejabat berwenang, bila anggaran tidak cukup."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=300, required=False)


class CompleteForm(forms.Form):
    certificate_number = forms.CharField(
        label=_("Nomor sertifikat"),
        max_length=40,
        required=False,
        help_text=_("Kosongkan agar Sigap membuat nomor."),
    )
    issued_on = forms.DateField(
        label=_("Tanggal sertifikat"), widget=HtmlDateInput(), required=False
    )
    file = forms.FileField(label=_("Berkas sertifikat (PDF)"), required=False)
    pre_test = forms.DecimalField(
        label=_("Nilai pra-tes"), min_value=0, max_value=100, required=False
    )
    post_test = forms.DecimalField(
        label=_("Nilai pasca-tes"), min_value=0, max_value=100, required=False
    )


class FeedbackForm(forms.Form):
    SCALE = [(i, str(i)) for i in range(1, 6)]
    relevance = forms.TypedChoiceField(
        label=_("Relevansi dengan tugas (1–5)"), choices=SCALE, coerce=int, widget=forms.RadioSelect
    )
    delivery = forms.TypedChoiceField(
        label=_("Penyampaian/pengajar (1–5)"), choices=SCALE, coerce=int, widget=forms.RadioSelect
    )
    overall = forms.TypedChoiceField(
        label=_("Kepuasan keseluruhan (1–5)"), choices=SCALE, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Komentar"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class BudgetForm(forms.Form):
    unit = TenantModelChoiceField(OrgUnit, label=_("Unit"))
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    source = forms.ChoiceField(label=_("Sumber dana"), choices=Budget.Source.choices)
    planned = forms.DecimalField(label=_("Pagu (Rp)"), min_value=0, decimal_places=0)


class UnitChoiceForm(forms.Form):
    # A province's BKPSDM chooses among some 250 units: options joined in Python.
    unit = forms.ModelChoiceField(
        queryset=OrgUnit.all_objects.none(), label=_("Unit"), required=False, widget=FastSelect
    )
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args: object, units: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class PairForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=MentoringPair._meta.get_field("kind").choices
    )
    mentor = forms.CharField(label=_("NIP mentor"), max_length=30)
    mentee = forms.CharField(label=_("NIP mentee"), max_length=30)
    cohort = forms.CharField(label=_("Angkatan"), max_length=120, required=False)
    goals = forms.CharField(label=_("Sasaran"), widget=forms.Textarea(attrs={"rows": 2}))
    started_on = forms.DateField(label=_("Mulai"), widget=HtmlDateInput())


class MentoringSessionForm(forms.Form):
    held_on = forms.DateField(label=_("Tanggal"), widget=HtmlDateInput())
    minutes = forms.IntegerField(label=_("Durasi (menit)"), min_value=1, initial=60)
    notes = forms.CharField(
        label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class OutcomeForm(forms.Form):
    outcome = forms.CharField(label=_("Hasil"), widget=forms.Textarea(attrs={"rows": 2}))


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    body = forms.CharField(label=_("Isi"), widget=forms.Textarea(attrs={"rows": 4}))
    policy_reference = forms.CharField(label=_("Dasar kebijakan"), max_length=200, required=False)
    units = forms.ModelMultipleChoiceField(
        queryset=OrgUnit.all_objects.none(),
        label=_("Unit sasaran"),
        required=False,
        help_text=_("Kosongkan untuk seluruh ASN."),
    )
    jabatan_types = forms.MultipleChoiceField(
        label=_("Jenis jabatan sasaran"),
        choices=JabatanType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    read_by = forms.DateField(
        label=_("Dibaca paling lambat"), widget=HtmlDateInput(), required=False
    )

    def __init__(self, *args: object, units: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


def find_employee(identifier: str) -> Employee | None:
    value = (identifier or "").strip().replace(" ", "")
    if not value:
        return None
    return (
        Employee.objects.filter(nip=value).first()
        or Employee.objects.filter(pppk_number=value).first()
    )


def month_start(value: str | None, today: dt.date) -> dt.date:
    try:
        year, month = (int(x) for x in (value or "").split("-", 1))
        return dt.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


class JpRuleForm(forms.Form):
    method = forms.ChoiceField(label=_("Cara hitung"), choices=JpRule.Method.choices)
    value = forms.DecimalField(
        label=_("Nilai"),
        min_value=Decimal("0.01"),
        max_digits=6,
        decimal_places=2,
        help_text=_(
            "Menit per JP (jam pelajaran), JP per hari, JP per sesi, atau JP tetap, "
            "menurut cara hitungnya."
        ),
    )
    monthly_cap = forms.IntegerField(
        label=_("Sesi dihitung paling banyak per bulan"),
        required=False,
        min_value=1,
        max_value=31,
        help_text=_("Hanya untuk hitungan per sesi (coaching, mentoring)."),
    )
    daily_cap = forms.DecimalField(
        label=_("JP paling banyak per hari"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=5,
        decimal_places=2,
    )
    confirmed = forms.BooleanField(label=_("Sudah dikonfirmasi regulasi"), required=False)
    note = forms.CharField(label=_("Dasar atau catatan"), required=False, max_length=200)
