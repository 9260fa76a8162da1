"""Serah terima jabatan pages: choose a post, the leaving officer and the recipient,
see the open work that will move, confirm; then the record of what moved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from sigap.platform.access import staff_permission_required
from sigap.platform.forms import HtmlDateInput, TenantModelChoiceField, apply_validation_error
from sigap.platform.pagination import BadCursor, keyset_page
from sigap.workforce.handover import handovers as ho
from sigap.workforce.models import Employee, Position

MANAGE = "workforce.manage_handover"
SEARCH_LIMIT = 30


class PositionSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Cari jabatan"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Nama jabatan, kode jabatan, atau nama unit."),
    )


class HandoverForm(forms.Form):
    from_employee = TenantModelChoiceField(
        Employee,
        label=gettext_lazy("Pejabat yang menyerahkan"),
        empty_label=None,
        help_text=gettext_lazy("Pemegang jabatan ini (definitif atau Plt)."),
    )
    to_identifier = forms.CharField(
        label=gettext_lazy("NIP/nomor PPPK penerima"),
        max_length=40,
        help_text=gettext_lazy("Pejabat pengganti, atau ASN yang ditunjuk sebagai Plt."),
    )
    is_acting = forms.BooleanField(
        label=gettext_lazy("Penerima adalah pelaksana tugas (Plt)"),
        required=False,
        help_text=gettext_lazy(
            "Plt dicatat sebagai penugasan tambahan; jabatan definitifnya tetap."
        ),
    )
    sk_number = forms.CharField(
        label=gettext_lazy("Nomor SK/berita acara serah terima"), max_length=80
    )
    handed_over_on = forms.DateField(
        label=gettext_lazy("Tanggal serah terima"), widget=HtmlDateInput()
    )

    def __init__(self, *args: Any, position: Position, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.position = position
        self.fields["from_employee"].queryset = ho.leaving_candidates(position)

    def clean_to_identifier(self) -> str:
        value = self.cleaned_data["to_identifier"]
        employee = ho.employee_by_identifier(value)
        if employee is None:
            raise ValidationError("Tidak ada ASN dengan NIP/nomor PPPK ini di pemda ini.")
        self.cleaned_data["to_employee"] = employee
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        needed = ("from_employee", "to_employee", "handed_over_on")
        if all(data.get(k) for k in needed):
            # The preview refuses what the confirmation would (issue 8, item 10).
            try:
                ho.check_handover(
                    self.position,
                    data["from_employee"],
                    data["to_employee"],
                    data["handed_over_on"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    target = "to_identifier" if field == "to_employee" else field
                    for error in errors:
                        self.add_error(target, error)
        return data


def _position_for(request: HttpRequest, raw: str | None) -> Position | None:
    """The post named in the request, of the active agency only (another's is a 404)."""
    if not raw:
        return None
    try:
        position_id = int(raw)
    except ValueError:
        raise Http404 from None
    position = Position.objects.select_related("unit").filter(pk=position_id).first()
    if position is None:
        raise Http404
    return position


def _search(form: PositionSearchForm) -> list[Position]:
    if not form.is_valid() or not form.cleaned_data["q"].strip():
        return []
    q = form.cleaned_data["q"].strip()
    return list(
        Position.objects.filter(
            Q(title__icontains=q) | Q(code__icontains=q) | Q(unit__name__icontains=q),
            is_active=True,
        )
        .select_related("unit")
        .order_by("unit__path", "title")[:SEARCH_LIMIT]
    )


@staff_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def handover_new(request: HttpRequest) -> HttpResponse:
    position = _position_for(request, request.POST.get("position") or request.GET.get("position"))
    if position is None:
        search = PositionSearchForm(request.GET or None)
        return render(
            request,
            "workforce/handover/new.html",
            {"search": search, "results": _search(search), "searched": search.is_bound},
        )

    step = request.POST.get("step", "")
    if request.method == "POST":
        form = HandoverForm(request.POST, position=position)
    else:
        candidates = list(ho.leaving_candidates(position)[:2])
        initial = {"handed_over_on": request.agency.today()}
        if len(candidates) == 1:
            initial["from_employee"] = candidates[0].pk
        form = HandoverForm(initial=initial, position=position)
    context: dict[str, Any] = {
        "position": position,
        "form": form,
        "suggestions": ho.successor_suggestions(position),
        "confirming": False,
    }
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if step == "confirm":
            try:
                record = ho.hand_over(
                    position,
                    from_employee=d["from_employee"],
                    to_employee=d["to_employee"],
                    is_acting=d["is_acting"],
                    sk_number=d["sk_number"],
                    handed_over_on=d["handed_over_on"],
                    by=request.user,
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except ho.HandoverIncomplete:
                # Work arrived for the leaving officer while moving: nothing was saved.
                form.add_error(None, gettext("Ada pekerjaan baru masuk saat serah terima. Ulangi."))
            else:
                if getattr(record, "replayed", False):
                    messages.info(request, gettext("Serah terima ini sudah tercatat sebelumnya."))
                else:
                    messages.success(
                        request,
                        gettext("Serah terima %(position)s tercatat; %(n)s pekerjaan dipindahkan.")
                        % {"position": position.title, "n": len(record.items_moved)},
                    )
                return redirect("workforce:handover_detail", handover_id=record.pk)
        elif step != "edit":
            context.update(
                confirming=True,
                to_employee=d["to_employee"],
                open_groups=ho.open_work(d["from_employee"], position),
            )
    return render(request, "workforce/handover/new.html", context)


@staff_permission_required(MANAGE)
@require_GET
def handover_detail(request: HttpRequest, handover_id: int) -> HttpResponse:
    record = ho.handover_for(request.agency, handover_id)
    if record is None:
        raise Http404
    rows = [
        {**item, "kind_label": ho.provider_label(item.get("kind", ""))}
        for item in record.items_moved
    ]
    return render(request, "workforce/handover/detail.html", {"record": record, "rows": rows})


@staff_permission_required(MANAGE)
@require_GET
def handover_list(request: HttpRequest) -> HttpResponse:
    try:
        page = keyset_page(
            ho.handovers_in(request.agency),
            key="handed_over_on",
            cursor=request.GET.get("cursor"),
            size=50,
        )
    except BadCursor:
        raise Http404 from None
    return render(request, "workforce/handover/list.html", {"page": page})
