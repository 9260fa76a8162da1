from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.consultations.models import Answer, StakeholderGroup
from sigap.platform.forms import HtmlDateInput


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Judul rancangan"), max_length=200)
    summary = forms.CharField(
        label=_("Ringkasan dalam bahasa sederhana"), widget=forms.Textarea(attrs={"rows": 3})
    )
    opens_on = forms.DateField(label=_("Dibuka"), widget=HtmlDateInput())
    closes_on = forms.DateField(label=_("Ditutup"), widget=HtmlDateInput())
    text = forms.CharField(
        label=_("Isi rancangan"),
        help_text=_("Awali setiap bagian dengan baris “## Judul bagian”."),
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    questions = forms.CharField(
        label=_("Kuesioner singkat (opsional)"),
        required=False,
        help_text=_(
            "Satu pertanyaan per baris: pertanyaan lalu pilihan jawaban, dipisah “|”. "
            "Contoh: Apakah Anda setuju? | Setuju | Tidak setuju"
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_questions(self) -> list[dict[str, Any]]:
        """Lines ``question | choice | choice`` to the questionnaire's list; the domain
        function checks the rest (text, two choices at least, ten questions at most)."""
        out = []
        for line in self.cleaned_data.get("questions", "").splitlines():
            parts = [p.strip() for p in line.split("|")]
            if parts[0]:
                out.append({"label": parts[0], "choices": [p for p in parts[1:] if p]})
        return out


class VersionForm(forms.Form):
    text = forms.CharField(
        label=_("Isi versi baru"),
        help_text=_(
            "Kode dalam kurung siku ([pasal-1]) menautkan bagian antarversi; jangan diubah."
        ),
        widget=forms.Textarea(attrs={"rows": 18}),
    )
    change_note = forms.CharField(
        label=_("Apa yang berubah"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CommentForm(forms.Form):
    section = forms.IntegerField(widget=forms.HiddenInput)
    group = forms.ChoiceField(label=_("Saya berkomentar sebagai"), choices=StakeholderGroup.choices)
    organisation = forms.CharField(
        label=_("Nama organisasi/lembaga (jika mewakili)"), required=False, max_length=150
    )
    quote = forms.CharField(
        label=_("Kutipan yang dikomentari (opsional)"),
        required=False,
        help_text=_("Pilih teks pada rancangan, atau salin kalimatnya ke sini."),
    )
    start = forms.IntegerField(required=False, widget=forms.HiddenInput)
    body = forms.CharField(
        label=_("Komentar"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("Alasan melaporkan"), max_length=200)


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Alasan (dilihat penulis)"), max_length=500)


class AnswerForm(forms.Form):
    comments = forms.TypedMultipleChoiceField(coerce=int, label=_("Komentar"))
    verdict = forms.ChoiceField(label=_("Keputusan"), choices=Answer.Verdict.choices)
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, choices=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comments"].choices = choices


class ForumForm(forms.Form):
    topic = forms.CharField(label=_("Topik"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Waktu"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Tempat"), required=False, max_length=200)
    online_url = forms.URLField(label=_("Tautan daring"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(label=_("Kapasitas"), min_value=1, initial=50)


class RegistrationForm(forms.Form):
    group = forms.ChoiceField(label=_("Saya hadir sebagai"), choices=StakeholderGroup.choices)
    organisation = forms.CharField(
        label=_("Nama organisasi/lembaga (jika mewakili)"), required=False, max_length=150
    )
    raised = forms.CharField(
        label=_("Hal yang ingin Anda sampaikan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Notulen"), widget=forms.Textarea(attrs={"rows": 6}))


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Tindak lanjut"), max_length=200)
    owner = forms.IntegerField(label=_("Penanggung jawab (ASN)"), widget=forms.Select)
    due_on = forms.DateField(label=_("Tenggat"), widget=HtmlDateInput())
    raised_by = forms.IntegerField(
        label=_("Menindaklanjuti masukan peserta"), required=False, widget=forms.Select
    )


class DoneForm(forms.Form):
    outcome = forms.CharField(label=_("Hasil"), max_length=2000)
