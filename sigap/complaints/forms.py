from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sigap.complaints.models import Category, Complaint, ResponseTemplate
from sigap.platform.forms import TenantModelChoiceField
from sigap.tenancy.models import OrgUnit

MODE_HELP = _(
    "Identitas terbuka: unit melihat nama Anda. Dirahasiakan: hanya inspektorat yang dapat "
    "membukanya, dengan alasan tercatat. Anonim: tidak ada data diri yang disimpan; ikuti "
    "pengaduan dengan nomor pelacakan."
)


class FileForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Identitas pelapor"),
        choices=Complaint.Mode.choices,
        widget=forms.RadioSelect,
        initial=Complaint.Mode.IDENTIFIED,
        help_text=MODE_HELP,
    )
    category = TenantModelChoiceField(
        Category,
        narrow=lambda qs: qs.filter(is_active=True),
        label=_("Kategori (boleh dikosongkan)"),
        required=False,
        to_field_name="code",
    )
    text = forms.CharField(
        label=_("Isi pengaduan"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Apa yang terjadi, kapan, dan di mana. Jangan menulis NIK."),
    )
    application = forms.CharField(
        label=_("Nomor permohonan yang diadukan (bila ada)"), required=False, max_length=24
    )
    # A signed link from the page that followed a service (``services.event_links``).
    about = forms.CharField(widget=forms.HiddenInput, required=False, max_length=400)
    event = forms.TypedChoiceField(
        label=_("Layanan yang diadukan (bila ada)"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Layanan yang Anda terima 90 hari terakhir."),
    )
    address = forms.CharField(label=_("Lokasi atau alamat"), required=False, max_length=300)
    lat = forms.DecimalField(label=_("Lintang"), required=False, max_digits=9, decimal_places=6)
    long = forms.DecimalField(label=_("Bujur"), required=False, max_digits=9, decimal_places=6)
    name = forms.CharField(label=_("Nama"), required=False, max_length=200)
    phone = forms.CharField(label=_("Telepon"), required=False, max_length=40)
    email = forms.EmailField(label=_("Email"), required=False)
    attachment = forms.FileField(label=_("Lampiran (foto atau PDF)"), required=False)

    def __init__(self, *args: Any, events: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [("", "—")] + [
            (
                event.pk,
                f"{date_format(event.day, 'j M Y')} · {event.service.name} · {event.unit.name}",
            )
            for event in events
        ]


class RouteForm(forms.Form):
    category = TenantModelChoiceField(
        Category, narrow=lambda qs: qs.filter(is_active=True), label=_("Kategori")
    )
    unit = TenantModelChoiceField(
        OrgUnit,
        label=_("Unit penanggung jawab"),
        required=False,
        help_text=_("Kosongkan untuk memakai unit yang dipetakan ke kategori."),
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Jawaban untuk pelapor"), widget=forms.Textarea(attrs={"rows": 5})
    )


class TemplatePickForm(forms.Form):
    templat = TenantModelChoiceField(ResponseTemplate, label=_("Templat jawaban"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), required=False, max_length=1000)


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Nomor pengaduan tujuan"), max_length=24)


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Tanggapan Anda"), widget=forms.Textarea(attrs={"rows": 3}))


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Nilai penyelesaian (1 sangat buruk, 5 sangat baik)"),
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Catatan"), required=False, max_length=1000)


class TrackForm(forms.Form):
    nomor = forms.CharField(label=_("Nomor pelacakan pengaduan"), max_length=24)


class LaporImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas JSON dari SP4N-LAPOR!"))


def initial_text(template: Any) -> dict[str, str]:
    return {"text": template.body} if template is not None else {}
