"""The ASN list's filter form and the fast select its unit and competency lists use
(the unit select of the rotation-due page too)."""

from __future__ import annotations

from html import escape  # the standard library's: no SafeString per option
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe

from sigap.tenancy.models import OrgUnit
from sigap.workforce.models import Competency, Employee, JabatanType
from sigap.workforce.reference import GOLONGAN_CHOICES, STUDY_FIELD_CHOICES
from sigap.workforce.registry import finder

ALL = [("", "Semua")]
RETIRING_CHOICES = [("", "—"), (3, "3 bulan"), (6, "6 bulan"), (12, "12 bulan"), (24, "2 tahun")]
RETIRING_CHOICES += [(60, "5 tahun")]
STATUS_CHOICES = [*Employee.Status.choices, ("all", "Semua status")]


class FastSelect(forms.Select):
    """A select whose options are joined in Python: a province has ~700 units, and the
    template-per-option widget spent over 100 ms of every list request on them. Label,
    help, errors and the aria attributes still come from the field group as usual."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> str:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = {str(v) for v in self.format_value(value)}
        parts = []
        for key, label in self.choices:
            key = "" if key is None else str(key)
            selected = " selected" if key in chosen else ""
            parts.append(f'<option value="{escape(key)}"{selected}>{escape(str(label))}</option>')
        # Every value and label is escaped above.
        return mark_safe(f"<select{flatatt(final)}>{''.join(parts)}</select>")  # noqa: S308


def unit_choices(units: Any) -> list[tuple[Any, str]]:
    """Options for a unit select, indented by depth, from plain values (no model
    instances: hundreds of units)."""
    rows = units.order_by("path").values_list("pk", "name", "path")
    return [("", "Semua unit")] + [
        (pk, "— " * (path.count("/") - 2) + name) for pk, name, path in rows
    ]


class AsnFilterForm(forms.Form):
    """The list's filters, as GET parameters (``AsnFilter.as_query`` writes them back)."""

    q = forms.CharField(
        label="Cari nama atau NIP",
        required=False,
        max_length=100,
        help_text="Sebagian nama, atau awal NIP/nomor PPPK.",
    )
    # An integer checked against the viewer's units in clean_unit: a ChoiceField would
    # normalise and scan hundreds of choices on every request.
    unit = forms.IntegerField(label="Unit (termasuk sub-unit)", required=False, widget=FastSelect)
    jabatan_type = forms.ChoiceField(
        label="Jenis jabatan", required=False, choices=ALL + JabatanType.choices, widget=FastSelect
    )
    golongan = forms.ChoiceField(
        label="Golongan", required=False, choices=ALL + GOLONGAN_CHOICES, widget=FastSelect
    )
    competency = forms.IntegerField(label="Kompetensi", required=False, widget=FastSelect)
    min_level = forms.TypedChoiceField(
        label="Level minimal",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(i, str(i)) for i in range(1, 6)],
        widget=FastSelect,
        help_text="Berlaku bila kompetensi dipilih (bawaan 1).",
    )
    field_group = forms.ChoiceField(
        label="Rumpun pendidikan",
        required=False,
        choices=ALL + STUDY_FIELD_CHOICES,
        widget=FastSelect,
    )
    retiring_within = forms.TypedChoiceField(
        label="Pensiun dalam",
        required=False,
        coerce=int,
        empty_value=None,
        choices=RETIRING_CHOICES,
    )
    rotation_due = forms.BooleanField(label="Jatuh tempo rotasi", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=STATUS_CHOICES, widget=FastSelect
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._units = units
        self.fields["unit"].widget.choices = unit_choices(units)
        self._competencies = dict(
            Competency.objects.order_by("kind", "name").values_list("pk", "name")
        )
        self.fields["competency"].widget.choices = [("", "Semua"), *self._competencies.items()]

    def clean_unit(self) -> OrgUnit | None:
        unit_id = self.cleaned_data.get("unit")
        if unit_id is None:
            return None
        unit = self._units.filter(pk=unit_id).first()
        if unit is None:
            raise forms.ValidationError("Pilih unit yang tersedia.")
        return unit

    def clean_competency(self) -> int | None:
        competency_id = self.cleaned_data.get("competency")
        if competency_id is not None and competency_id not in self._competencies:
            raise forms.ValidationError("Pilih kompetensi yang tersedia.")
        return competency_id

    def to_filter(self) -> finder.AsnFilter:
        d = self.cleaned_data
        status = d.get("status") or Employee.Status.ACTIVE
        return finder.AsnFilter(
            text=d.get("q") or "",
            unit=d.get("unit"),
            jabatan_type=d.get("jabatan_type") or "",
            golongan=d.get("golongan") or "",
            competency_id=d.get("competency"),
            min_level=d.get("min_level"),
            field_group=d.get("field_group") or "",
            retiring_within_months=d.get("retiring_within"),
            rotation_due=bool(d.get("rotation_due")),
            status="" if status == "all" else status,
        )
