from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.platform.forms import TenantModelChoiceField
from sigap.surveys.models import ExtraQuestion, Response
from sigap.surveys.questionnaire import CODES, elements
from sigap.workforce.models import Employee


def _blank(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", _("— pilih —")), *choices]


class SurveyForm(forms.Form):
    """The nine elements, the respondent profile, a suggestion and the agency's own
    questions. ``required``: every element must be answered (link and kiosk); a paper
    form typed in by an officer may have blanks."""

    age_band = forms.ChoiceField(
        label=_("Usia"), choices=_blank(Response.AgeBand.choices), required=False
    )
    gender = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=_blank(Response.Gender.choices), required=False
    )
    education = forms.ChoiceField(
        label=_("Pendidikan terakhir"), choices=_blank(Response.Education.choices), required=False
    )
    occupation = forms.ChoiceField(
        label=_("Pekerjaan utama"), choices=_blank(Response.Occupation.choices), required=False
    )
    suggestion = forms.CharField(
        label=_("Saran dan masukan (boleh dikosongkan)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for e in elements():
            self.fields[e.field] = forms.TypedChoiceField(
                label=f"{e.code}. {e.question}",
                choices=e.choices(),
                coerce=int,
                widget=forms.RadioSelect,
                required=required,
                error_messages={"required": _("Pilih salah satu jawaban.")},
            )
        self.extra_questions = list(ExtraQuestion.objects.filter(is_active=True))
        for q in self.extra_questions:
            self.fields[f"extra_{q.pk}"] = forms.CharField(
                label=q.text, required=False, max_length=500
            )
        order = [c.lower() for c in CODES] + ["age_band", "gender", "education", "occupation"]
        order += [f"extra_{q.pk}" for q in self.extra_questions] + ["suggestion"]
        self.order_fields(order)

    @property
    def element_fields(self) -> list[forms.BoundField]:
        return [self[c.lower()] for c in CODES]

    @property
    def profile_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("age_band", "gender", "education", "occupation")]

    @property
    def extra_fields(self) -> list[forms.BoundField]:
        return [self[f"extra_{q.pk}"] for q in self.extra_questions]

    def domain_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "answers": {c.lower(): d.get(c.lower()) for c in CODES},
            "profile": {n: d.get(n, "") for n in ("age_band", "gender", "education", "occupation")},
            "suggestion": d.get("suggestion", ""),
            "extra": {str(q.pk): d.get(f"extra_{q.pk}", "") for q in self.extra_questions},
        }


class ActionForm(forms.Form):
    element = forms.ChoiceField(label=_("Unsur"), choices=[(c, c) for c in CODES])
    description = forms.CharField(
        label=_("Rencana tindak lanjut"), widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = TenantModelChoiceField(
        Employee, label=_("Penanggung jawab (ASN)"), narrow=lambda qs: qs.order_by("full_name")
    )
    due_date = forms.DateField(
        label=_("Batas waktu"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = forms.ModelChoiceField(queryset=units, label=_("Unit"))
        # Owners: ASN currently placed in the units this user may act for.
        paths = [u.path for u in units]
        condition = Q(pk__in=[])
        for path in paths:
            condition |= Q(assignments__position__unit__path__startswith=path)
        self.fields["owner"].queryset = (
            self.fields["owner"]
            .queryset.filter(condition, assignments__ends_on__isnull=True)
            .distinct()
        )
        self.order_fields(["unit", "element", "description", "owner", "due_date"])


class CompleteForm(forms.Form):
    note = forms.CharField(label=_("Hasil"), required=False, max_length=1000)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Pertanyaan tambahan"), max_length=300)
