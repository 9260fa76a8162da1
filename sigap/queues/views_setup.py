"""Setting up offices (unit heads for their units' subtrees, the agency admin for all):
the office and its settings, the services offered with their slot capacity, the
counters and the services each handles, and closures. Thin views: each form calls its
domain function in ``points``; an htmx request gets the setup section back, a plain
one a redirect. An office outside the user's scope is a 404 like one that does not
exist. Dates and times are the pemda's own (WIB, WITA, WIT)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.platform.access import staff_permission_required
from sigap.platform.forms import apply_validation_error
from sigap.queues import points as setup
from sigap.queues.apps import MANAGE
from sigap.queues.forms import (
    ClosureForm,
    CounterForm,
    NewCounterForm,
    NewOfferForm,
    NewPointForm,
    OfferForm,
    PointForm,
)
from sigap.queues.lookup import (
    get_managed_closure,
    get_managed_counter,
    get_managed_offer,
    get_managed_point,
    managed_points_for,
    managed_units_for,
)
from sigap.queues.models import PointService, ServicePoint
from sigap.services.models import Service

View = Callable[..., HttpResponse]


def in_pemda_time(view: View) -> View:
    """Read and show dates and times in the pemda's zone, whatever the server's."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with timezone.override(request.agency.zone):
            return view(request, *args, **kwargs)

    return wrapper


def _point_initial(point: ServicePoint) -> dict[str, Any]:
    return {name: getattr(point, name) for name in setup.POINT_FIELDS}


def _offer_form(offer: PointService, data: Any = None) -> OfferForm:
    return OfferForm(
        data,
        prefix=f"layanan-{offer.pk}",
        initial={name: getattr(offer, name) for name in setup.OFFER_FIELDS},
    )


def _counter_form(desk: Any, point: ServicePoint, data: Any = None) -> CounterForm:
    return CounterForm(
        data,
        point=point,
        prefix=f"loket-{desk.pk}",
        initial={
            "name": desk.name,
            "is_open": desk.is_open,
            "offers": list(desk.offers.values_list("pk", flat=True)),
        },
    )


def _new_offer_form(point: ServicePoint, data: Any = None) -> NewOfferForm:
    taken = point.offers.values_list("service_id", flat=True)
    services = Service.objects.filter(is_active=True).exclude(pk__in=taken).order_by("name")
    return NewOfferForm(
        data,
        services=services,
        prefix="layanan-baru",
        initial={"capacity": 2, "mean_service_minutes": 10, "bookable": True},
    )


def _setup_context(point: ServicePoint, notice: str = "", **bound: Form) -> dict[str, Any]:
    offers = list(point.offers.select_related("service").order_by("prefix"))
    desks = list(point.counters.prefetch_related("offers").order_by("number"))
    offer_forms = {o.pk: _offer_form(o) for o in offers}
    counter_forms = {c.pk: _counter_form(c, point) for c in desks}
    if "offer_form" in bound:
        offer_forms[int(bound["offer_form"].prefix.rsplit("-", 1)[1])] = bound["offer_form"]
    if "counter_form" in bound:
        counter_forms[int(bound["counter_form"].prefix.rsplit("-", 1)[1])] = bound["counter_form"]
    return {
        "point": point,
        "notice": notice,
        "point_form": bound.get("point_form") or PointForm(initial=_point_initial(point)),
        "offers": [(o, offer_forms[o.pk]) for o in offers],
        "new_offer_form": bound.get("new_offer_form") or _new_offer_form(point),
        "counters": [(c, counter_forms[c.pk]) for c in desks],
        "new_counter_form": bound.get("new_counter_form")
        or NewCounterForm(
            point=point,
            prefix="loket-baru",
            initial={"number": max((c.number for c in desks), default=0) + 1, "is_open": True},
        ),
        "closures": point.closures.filter(ends_at__gt=timezone.now()).order_by("starts_at"),
        "closure_form": bound.get("closure_form") or ClosureForm(prefix="penutupan"),
        "zone": point.agency.zone,
    }


def _answer(
    request: HttpRequest, point: ServicePoint, notice: str = "", **bound: Form
) -> HttpResponse:
    """htmx: the setup section again (with the notice or the form's errors); a plain
    form: a redirect on success, the page with its errors otherwise."""
    if request.htmx:
        return render(request, "queues/setup/_setup.html", _setup_context(point, notice, **bound))
    if bound:
        return render(request, "queues/setup/point.html", _setup_context(point, **bound))
    messages.success(request, notice)
    return redirect("queues:setup_point", point.pk)


def _refresh(point: ServicePoint) -> ServicePoint:
    return ServicePoint.objects.select_related("unit", "agency").get(pk=point.pk)


@staff_permission_required(*MANAGE)
@require_GET
@in_pemda_time
def setup_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "queues/setup/home.html",
        {
            "points": managed_points_for(request.user, request.agency).order_by("name"),
            "form": _new_point_form(request),
        },
    )


def _new_point_form(request: HttpRequest, data: Any = None) -> NewPointForm:
    return NewPointForm(
        data,
        units=managed_units_for(request.user, request.agency),
        initial={
            "slot_minutes": 15,
            "booking_days_ahead": 14,
            "hold_minutes": 5,
            "call_ahead": 3,
            "close_after_minutes": 60,
            "is_active": True,
            "priority_reasons": ["elderly", "disabled", "pregnant"],
        },
    )


@staff_permission_required(*MANAGE)
@require_POST
@in_pemda_time
def setup_create(request: HttpRequest) -> HttpResponse:
    form = _new_point_form(request, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        unit = managed_units_for(request.user, request.agency).filter(pk=data.pop("unit")).first()
        try:
            if unit is None:
                raise ValidationError({"unit": _("Pilih unit Anda.")})
            point = setup.create_point(request.agency, unit=unit, by=request.user, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Kantor %(name)s dibuat.") % {"name": point.name})
            return redirect("queues:setup_point", point.pk)
    points = managed_points_for(request.user, request.agency).order_by("name")
    return render(request, "queues/setup/home.html", {"points": points, "form": form})


@staff_permission_required(*MANAGE)
@require_GET
@in_pemda_time
def setup_point(request: HttpRequest, point_id: int) -> HttpResponse:
    point = get_managed_point(request.user, request.agency, point_id)
    return render(request, "queues/setup/point.html", _setup_context(point))


@staff_permission_required(*MANAGE)
@require_POST
@in_pemda_time
def point_update(request: HttpRequest, point_id: int) -> HttpResponse:
    point = get_managed_point(request.user, request.agency, point_id)
    form = PointForm(request.POST)
    if form.is_valid():
        try:
            point = setup.update_point(point, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _answer(request, _refresh(point), _("Pengaturan kantor disimpan."))
    return _answer(request, point, point_form=form)


@staff_permission_required(*MANAGE)
@require_POST
@in_pemda_time
def offer_add(request: HttpRequest, point_id: int) -> HttpResponse:
    point = get_managed_point(request.user, request.agency, point_id)
    form = _new_offer_form(point, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        service = Service.objects.filter(pk=data.pop("service")).first()
        try:
            offer = setup.offer_service(point, service, by=request.user, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _answer(request, point, _("Layanan %(p)s ditambahkan.") % {"p": offer.prefix})
    return _answer(request, point, new_offer_form=form)


@staff_permission_required(*MANAGE)
@require_POST
@in_pemda_time
def offer_update(request: HttpRequest, point_id: int, offer_id: int) -> HttpResponse:
    point = get_managed_point(request.user, request.agency, point_id)
    offer = get_managed_offer(point, offer_id)
    form = _offer_form(offer, request.POST)
    if form.is_valid():
        try:
            offer = setup.update_offer(offer, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _answer(request, point, _("Layanan %(p)s disimpan.") % {"p": offer.prefix})
    return _answer(request, point, offer_form=form)


@staff_permission_required(*MANAGE)
@require_POST
@in_pemda_time
def counter_add(request: HttpRequest, point_id: int) -> HttpResponse:
    point = get_managed_point(request.user, request.agency, point_id)
    form = NewCounterForm(request.POST, point=point, prefix="loket-baru")
    if form.is_valid():
        data = form.cleaned_data
        try:
            desk = setup.add_counter(
                point,
                number=data["number"],
                name=data["name"],
                offers=list(point.offers.filter(pk__in=data["offers"])),
                is_open=data["is_open"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _answer(request, point, _("%(name)s ditambahkan.") % {"name": desk.name})
    return _answer(request, point, new_counter_form=form)


@staff_permission_required(*MANAGE)
@require_POST
@in_pemda_time
def counter_update(request: HttpRequest, point_id: int, counter_id: int) -> HttpResponse:
    point = get_managed_point(request.user, request.agency, point_id)
    desk = get_managed_counter(point, counter_id)
    form = _counter_form(desk, point, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            desk = setup.update_counter(
                desk,
                name=data["name"] or desk.name,
                is_open=data["is_open"],
                offers=list(point.offers.filter(pk__in=data["offers"])),
                by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _answer(request, point, _("%(name)s disimpan.") % {"name": desk.name})
    return _answer(request, point, counter_form=form)


@staff_permission_required(*MANAGE)
@require_POST
@in_pemda_time
def closure_add(request: HttpRequest, point_id: int) -> HttpResponse:
    point = get_managed_point(request.user, request.agency, point_id)
    form = ClosureForm(request.POST, prefix="penutupan")
    if form.is_valid():
        try:
            setup.add_closure(point, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _answer(request, point, _("Penutupan dicatat."))
    return _answer(request, point, closure_form=form)


@staff_permission_required(*MANAGE)
@require_POST
@in_pemda_time
def closure_remove(request: HttpRequest, point_id: int, closure_id: int) -> HttpResponse:
    point = get_managed_point(request.user, request.agency, point_id)
    closure = get_managed_closure(point, closure_id)
    setup.remove_closure(closure, by=request.user)
    return _answer(request, point, _("Penutupan dihapus."))


urlpatterns = [
    path("antrean/atur/", setup_home, name="setup_home"),
    path("antrean/atur/baru/", setup_create, name="setup_create"),
    path("antrean/atur/<int:point_id>/", setup_point, name="setup_point"),
    path("antrean/atur/<int:point_id>/kantor/", point_update, name="setup_point_update"),
    path("antrean/atur/<int:point_id>/layanan/", offer_add, name="setup_offer_add"),
    path(
        "antrean/atur/<int:point_id>/layanan/<int:offer_id>/",
        offer_update,
        name="setup_offer_update",
    ),
    path("antrean/atur/<int:point_id>/loket/", counter_add, name="setup_counter_add"),
    path(
        "antrean/atur/<int:point_id>/loket/<int:counter_id>/",
        counter_update,
        name="setup_counter_update",
    ),
    path("antrean/atur/<int:point_id>/penutupan/", closure_add, name="setup_closure_add"),
    path(
        "antrean/atur/<int:point_id>/penutupan/<int:closure_id>/hapus/",
        closure_remove,
        name="setup_closure_remove",
    ),
]
