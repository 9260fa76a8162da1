from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.platform.widgets import FastBoundField, FastSelect, FastTextInput
from sigap.queues.models import PriorityReason
from sigap.services.models import ServiceEvent


def point_offers(point: Any) -> list[Any]:
    """The office's services in prefix order: read once by the counter page and handed
    to each of its forms and to the waiting counts."""
    return list(point.offers.select_related("service").order_by("prefix"))


def _offer_choices(point: Any, offers: list[Any] | None = None) -> list[tuple[int, str]]:
    offers = point_offers(point) if offers is None else offers
    return [(o.pk, f"{o.prefix} · {o.service.name}") for o in offers]


class KioskForm(forms.Form):
    # Widgets joined in Python: the counter page renders this form on every request.
    bound_field_class = FastBoundField

    offer = forms.TypedChoiceField(label=_("Layanan"), coerce=int, widget=FastSelect)
    priority_reason = forms.ChoiceField(label=_("Prioritas"), required=False, widget=FastSelect)

    def __init__(
        self, *args: Any, point: Any, offers: list[Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].choices = _offer_choices(point, offers)
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
    """The booking code, typed or read by a QR scanner (which types it and Enter)."""

    bound_field_class = FastBoundField

    code = forms.CharField(
        label=_("Kode booking (ketik atau pindai QR)"),
        max_length=300,
        widget=FastTextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class TransferForm(forms.Form):
    bound_field_class = FastBoundField

    to_offer = forms.TypedChoiceField(
        label=_("Ke layanan"), coerce=int, required=False, empty_value=None, widget=FastSelect
    )
    to_counter = forms.TypedChoiceField(
        label=_("Ke loket"), coerce=int, required=False, empty_value=None, widget=FastSelect
    )

    def __init__(
        self,
        *args: Any,
        point: Any,
        offers: list[Any] | None = None,
        counters: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        counters = list(point.counters.order_by("number")) if counters is None else counters
        self.fields["to_offer"].choices = [("", "—")] + _offer_choices(point, offers)
        self.fields["to_counter"].choices = [("", "—")] + [(c.pk, c.name) for c in counters]


class FinishForm(forms.Form):
    bound_field_class = FastBoundField

    outcome = forms.ChoiceField(
        label=_("Hasil"), choices=ServiceEvent.Outcome.choices, initial="done", widget=FastSelect
    )


# ------------------------------------------------------------------ setting up offices

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _priority_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Kelompok prioritas"),
        choices=PriorityReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class PointForm(forms.Form):
    """An office's settings (the code and unit only when it is created)."""

    name = forms.CharField(label=_("Nama kantor"), max_length=200)
    address = forms.CharField(label=_("Alamat"), max_length=300, required=False)
    slot_minutes = forms.IntegerField(label=_("Lama slot (menit)"), min_value=5, max_value=240)
    booking_days_ahead = forms.IntegerField(
        label=_("Pemesanan paling lambat (hari ke depan)"), min_value=1, max_value=90
    )
    hold_minutes = forms.IntegerField(
        label=_("Slot ditahan selama (menit)"), min_value=1, max_value=60
    )
    call_ahead = forms.IntegerField(
        label=_("Beri tahu warga saat urutan ke-"), min_value=1, max_value=50
    )
    priority_reasons = _priority_field()
    close_after_minutes = forms.IntegerField(
        label=_("Tiket terbuka ditutup setelah jam layanan (menit)"), min_value=0, max_value=600
    )
    is_active = forms.BooleanField(label=_("Aktif"), required=False)


class NewPointForm(PointForm):
    code = forms.SlugField(label=_("Kode"), max_length=40)
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)

    field_order = ["code", "unit", "name", "address"]

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, str(u)) for u in units]


class OfferForm(forms.Form):
    prefix = forms.CharField(label=_("Awalan nomor"), max_length=2)
    capacity = forms.IntegerField(label=_("Kapasitas per slot"), min_value=1, max_value=500)
    mean_service_minutes = forms.IntegerField(
        label=_("Rata-rata lama layanan (menit)"), min_value=1, max_value=480
    )
    bookable = forms.BooleanField(label=_("Dapat dipesan daring"), required=False)


class NewOfferForm(OfferForm):
    service = forms.TypedChoiceField(label=_("Layanan"), coerce=int)

    field_order = ["service", "prefix"]

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [(s.pk, s.name) for s in services]


class CounterForm(forms.Form):
    name = forms.CharField(label=_("Nama loket"), max_length=60, required=False)
    is_open = forms.BooleanField(label=_("Buka"), required=False)
    offers = forms.TypedMultipleChoiceField(
        label=_("Layanan yang dilayani (kosong: semua)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, point: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offers"].choices = _offer_choices(point)


class NewCounterForm(CounterForm):
    number = forms.IntegerField(label=_("Nomor loket"), min_value=1, max_value=999)

    field_order = ["number", "name"]


class ClosureForm(forms.Form):
    """A blackout period, in the pemda's own time (WIB, WITA, WIT)."""

    starts_at = forms.DateTimeField(
        label=_("Mulai"),
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    ends_at = forms.DateTimeField(
        label=_("Selesai"),
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    reason = forms.CharField(label=_("Alasan"), max_length=200)
