from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.queues.models import PriorityReason
from sigap.services.models import ServiceEvent


def _offer_choices(point: Any) -> list[tuple[int, str]]:
    return [
        (o.pk, f"{o.prefix} · {o.service.name}")
        for o in point.offers.select_related("service").order_by("prefix")
    ]


class KioskForm(forms.Form):
    offer = forms.TypedChoiceField(label=_("Layanan"), coerce=int)
    priority_reason = forms.ChoiceField(label=_("Prioritas"), required=False)

    def __init__(self, *args: Any, point: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].choices = _offer_choices(point)
        reasons = [(v, label) for v, label in PriorityReason.choices if v in point.priority_reasons]
        self.fields["priority_reason"].choices = [("", _("Tidak ada"))] + reasons


class BookForm(forms.Form):
    offer = forms.TypedChoiceField(label=_("Layanan"), coerce=int)
    day = forms.DateField(
        label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    priority_reason = forms.ChoiceField(label=_("Prioritas"), required=False)

    def __init__(self, *args: Any, point: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].choices = [
            (o.pk, f"{o.prefix} · {o.service.name}")
            for o in point.offers.filter(bookable=True).select_related("service").order_by("prefix")
        ]
        reasons = [(v, label) for v, label in PriorityReason.choices if v in point.priority_reasons]
        self.fields["priority_reason"].choices = [("", _("Tidak ada"))] + reasons


class RescheduleForm(forms.Form):
    """Another day for the same service (the slot is chosen from the list it shows)."""

    day = forms.DateField(
        label=_("Tanggal baru"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Kode booking"), max_length=12)


class TransferForm(forms.Form):
    to_offer = forms.TypedChoiceField(
        label=_("Ke layanan"), coerce=int, required=False, empty_value=None
    )
    to_counter = forms.TypedChoiceField(
        label=_("Ke loket"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, point: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_offer"].choices = [("", "—")] + _offer_choices(point)
        self.fields["to_counter"].choices = [("", "—")] + [
            (c.pk, c.name) for c in point.counters.order_by("number")
        ]


class FinishForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Hasil"), choices=ServiceEvent.Outcome.choices, initial="done"
    )
