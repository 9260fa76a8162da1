"""Forms of the staff catalogue pages. They collect input; the rules live in
``catalogue`` and ``forms_in_data`` (whose ``ValidationError`` the views put back on
these fields with ``platform.forms.apply_validation_error``)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sigap.platform.forms import TenantModelChoiceField
from sigap.services.catalogue import STANDARD_FIELDS
from sigap.services.forms_in_data import KEY, MAX_TEXT
from sigap.services.models import Service, ServiceStandard
from sigap.tenancy.models import OrgUnit

LINES_HELP = _("Satu butir per baris.")
TYPE_CHOICES = [
    ("text", _("Teks singkat")),
    ("textarea", _("Teks panjang")),
    ("number", _("Angka")),
    ("date", _("Tanggal")),
    ("choice", _("Pilihan")),
    ("nik", _("NIK")),
    ("file", _("Dokumen (unggahan)")),
]


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ServiceForm(forms.Form):
    unit = TenantModelChoiceField(
        OrgUnit, label=_("Unit penyelenggara"), help_text=_("Unit yang memberikan layanan ini.")
    )
    code = forms.CharField(
        label=_("Kode layanan"),
        max_length=40,
        help_text=_("Singkat dan tetap, misalnya AKTA-LAHIR. Dipakai di alamat halaman publik."),
    )
    name = forms.CharField(label=_("Nama layanan"), max_length=200)
    category = forms.ChoiceField(label=_("Kategori"), choices=Service.Category.choices)
    summary = forms.CharField(
        label=_("Ringkasan"),
        required=False,
        widget=_textarea(),
        help_text=_("Satu atau dua kalimat untuk warga: apa yang didapat dan untuk siapa."),
    )
    accepts_online = forms.BooleanField(
        label=_("Menerima permohonan daring"), required=False, initial=True
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if not all(ch.isalnum() or ch == "-" for ch in code):
            raise ValidationError(_("Gunakan huruf, angka dan tanda hubung saja."))
        return code


class ServiceEditForm(ServiceForm):
    is_active = forms.BooleanField(
        label=_("Aktif"),
        required=False,
        help_text=_("Layanan yang tidak aktif tidak tampil di katalog publik."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["code"]  # the public address: fixed once created


def service_initial(service: Service) -> dict[str, Any]:
    return {
        "unit": service.unit_id,
        "name": service.name,
        "category": service.category,
        "summary": service.summary,
        "accepts_online": service.accepts_online,
        "is_active": service.is_active,
    }


class StandardForm(forms.Form):
    """The components of PermenPAN-RB 15/2014, published and internal."""

    requirements = forms.CharField(
        label=_("Persyaratan"), widget=_textarea(5), help_text=LINES_HELP
    )
    procedure = forms.CharField(
        label=_("Sistem, mekanisme dan prosedur"),
        widget=_textarea(5),
        help_text=_("Satu langkah per baris, berurutan."),
    )
    time_limit = forms.IntegerField(label=_("Jangka waktu penyelesaian"), min_value=1)
    time_unit = forms.ChoiceField(
        label=_("Satuan waktu"),
        choices=ServiceStandard.TimeUnit.choices,
        help_text=_(
            "Dihitung dalam jam kerja/hari kerja pemda: akhir pekan dan libur tidak dihitung."
        ),
    )
    fee = forms.DecimalField(
        label=_("Biaya/tarif (Rp)"),
        min_value=0,
        max_digits=14,
        decimal_places=0,
        help_text=_("0 berarti gratis. Dokumen administrasi kependudukan tidak dipungut biaya."),
    )
    fee_note = forms.CharField(
        label=_("Dasar biaya/tarif"),
        max_length=300,
        required=False,
        help_text=_("Peraturan yang menetapkan tarif, atau dasar pembebasannya."),
    )
    product = forms.CharField(label=_("Produk pelayanan"), widget=_textarea(2))
    complaint_handling = forms.CharField(
        label=_("Penanganan pengaduan, saran dan masukan"),
        widget=_textarea(3),
        help_text=_("Saluran pengaduan: loket, SP4N-LAPOR!, telepon/WhatsApp, surel."),
    )
    legal_basis = forms.CharField(
        label=_("Dasar hukum"), widget=_textarea(3), required=False, help_text=LINES_HELP
    )
    facilities = forms.CharField(
        label=_("Sarana, prasarana dan/atau fasilitas"),
        widget=_textarea(2),
        required=False,
        help_text=_("Termasuk fasilitas bagi kelompok rentan (lansia, disabilitas, ibu hamil)."),
    )
    staff_competence = forms.CharField(
        label=_("Kompetensi pelaksana"), widget=_textarea(2), required=False
    )
    internal_supervision = forms.CharField(
        label=_("Pengawasan internal"), widget=_textarea(2), required=False
    )
    staff_count = forms.IntegerField(label=_("Jumlah pelaksana"), min_value=0, initial=1)
    service_guarantee = forms.CharField(
        label=_("Jaminan pelayanan"), widget=_textarea(2), required=False
    )
    safety_guarantee = forms.CharField(
        label=_("Jaminan keamanan dan keselamatan pelayanan"), widget=_textarea(2), required=False
    )
    performance_evaluation = forms.CharField(
        label=_("Evaluasi kinerja pelaksana"), widget=_textarea(2), required=False
    )

    PUBLISHED = ("requirements", "procedure", "time_limit", "time_unit", "fee", "fee_note")
    PUBLISHED_TEXT = ("product", "complaint_handling")

    def published_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in (*self.PUBLISHED, *self.PUBLISHED_TEXT)]

    def internal_fields(self) -> list[forms.BoundField]:
        shown = {*self.PUBLISHED, *self.PUBLISHED_TEXT}
        return [self[n] for n in self.fields if n not in shown]

    def values(self) -> dict[str, Any]:
        """The cleaned values as ``catalogue.update_draft`` takes them."""
        return {k: v for k, v in self.cleaned_data.items() if k in STANDARD_FIELDS}


def standard_initial(standard: ServiceStandard | None) -> dict[str, Any]:
    if standard is None:
        return {"time_limit": 1, "time_unit": ServiceStandard.TimeUnit.WORKING_DAYS, "fee": 0}
    initial = {name: getattr(standard, name) for name in STANDARD_FIELDS if name != "form_fields"}
    initial["requirements"] = "\n".join(standard.requirements)
    initial["procedure"] = "\n".join(standard.procedure)
    return initial


class FieldRowForm(forms.Form):
    """One field of the application form: one row of the editor."""

    key = forms.CharField(
        label=_("Kunci"),
        max_length=60,
        required=False,
        help_text=_("huruf kecil, angka, garis bawah"),
    )
    label = forms.CharField(label=_("Label"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Jenis"), choices=TYPE_CHOICES, initial="text", required=False)
    required = forms.BooleanField(label=_("Wajib"), required=False, initial=True)
    help = forms.CharField(label=_("Petunjuk"), max_length=300, required=False)
    choices = forms.CharField(
        label=_("Pilihan"),
        required=False,
        widget=_textarea(2),
        help_text=_("Untuk jenis Pilihan: satu per baris."),
    )
    max_length = forms.IntegerField(
        label=_("Panjang maks."), required=False, min_value=1, max_value=MAX_TEXT
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        key = (data.get("key") or "").strip()
        if not key and not (data.get("label") or "").strip():
            return data  # an empty row: ignored
        if not KEY.match(key):
            self.add_error("key", _("Huruf kecil, angka atau garis bawah; diawali huruf."))
        if not (data.get("label") or "").strip():
            self.add_error("label", _("Isian perlu label."))
        if data.get("type") == "choice" and len(_lines(data.get("choices", ""))) < 2:
            self.add_error("choices", _("Isi minimal dua pilihan, satu per baris."))
        return data

    def spec(self) -> dict[str, Any] | None:
        d = self.cleaned_data
        if not d or not (d.get("key") or "").strip():
            return None
        spec: dict[str, Any] = {
            "key": d["key"].strip(),
            "label": d["label"].strip(),
            "type": d["type"] or "text",
            "required": d["required"],
            "help": d["help"].strip(),
        }
        if d["type"] == "choice":
            spec["choices"] = _lines(d["choices"])
        if d["type"] in ("text", "textarea") and d.get("max_length"):
            spec["max_length"] = d["max_length"]
        return spec


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


FieldRowFormSet = forms.formset_factory(
    FieldRowForm, extra=2, can_delete=True, can_order=True, max_num=60, validate_max=True
)


def rows_initial(definition: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "key": f.get("key", ""),
            "label": f.get("label", ""),
            "type": f.get("type", "text"),
            "required": f.get("required", True),
            "help": f.get("help", ""),
            "choices": "\n".join(f.get("choices", []) or []),
            "max_length": f.get("max_length") if f.get("type") in ("text", "textarea") else None,
        }
        for f in definition
    ]


def definition_from_rows(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """The rows in the order the editor gives (``ORDER``), deleted and empty rows left out."""
    specs = (form.spec() for form in formset.ordered_forms)
    return [spec for spec in specs if spec is not None]


class DefinitionJSONForm(forms.Form):
    """The same definition as JSON: for copying a form from one service to another."""

    definition = forms.CharField(
        label=_("Definisi formulir (JSON)"),
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "class": "font-monospace"}),
        help_text=_(
            'Daftar isian, misalnya [{"key": "nama_bayi", "label": "Nama bayi", "type": "text"}].'
        ),
    )

    def clean_definition(self) -> Any:
        try:
            return json.loads(self.cleaned_data["definition"])
        except json.JSONDecodeError as exc:
            raise ValidationError(
                _("Bukan JSON yang sah (baris %(line)s, kolom %(col)s)."),
                params={"line": exc.lineno, "col": exc.colno},
            ) from None
