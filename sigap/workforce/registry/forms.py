"""The ASN list's filter form and its cached option lists (the unit select of the
rotation-due page too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import EmptyResultSet
from django.utils.translation import get_language, gettext, gettext_lazy

from sigap.platform.widgets import (
    FastCheckboxInput,
    FastSelect,
    FastTextInput,
    FixedBoundField,
    FixedChoiceField,
    FixedTypedChoiceField,
    OptionList,
)
from sigap.tenancy.models import OrgUnit
from sigap.workforce.models import Competency, Employee, JabatanType
from sigap.workforce.reference import GOLONGAN_CHOICES, STUDY_FIELD_CHOICES
from sigap.workforce.registry import finder

ALL = [("", gettext_lazy("Semua"))]
RETIRING_CHOICES = [
    ("", "—"),
    (3, gettext_lazy("3 bulan")),
    (6, gettext_lazy("6 bulan")),
    (12, gettext_lazy("12 bulan")),
    (24, gettext_lazy("2 tahun")),
    (60, gettext_lazy("5 tahun")),
]
STATUS_CHOICES = [*Employee.Status.choices, ("all", gettext_lazy("Semua status"))]


def unit_choices(units: Any) -> list[tuple[Any, str]]:
    """Options for a unit select, indented by depth, from plain values (no model
    instances: hundreds of units)."""
    rows = units.order_by("path").values_list("pk", "name", "path")
    return _unit_choices(rows)


def _unit_choices(rows: Any) -> list[tuple[Any, str]]:
    return [("", gettext("Semua unit"))] + [
        (pk, "— " * (path.count("/") - 2) + name) for pk, name, path in rows
    ]


# Option lists by (database, query, registry stamp). The stamp (``totals.version``, read
# once per request) changes with every write of a unit or a competency (their model
# signals, ``WorkforceConfig.ready``), so a renamed, added or removed one shows at once,
# in every process, and a request under an unchanged stamp reads no rows at all. Without
# a stamp the rows are read (one plain query) and compared with those the list was
# built from. Either way only the Python work of hundreds of options is saved.
_OPTION_LISTS: dict[tuple, tuple[list[tuple], OptionList]] = {}
_MAX_OPTION_LISTS = 256


def cached_options(
    query: Callable[[], Any],
    build: Callable[[list[tuple]], tuple[list[tuple[Any, str]], Any]],
    stamp: int | None = None,
    *,
    known_as: tuple | None = None,
) -> OptionList:
    """The ``OptionList`` for ``query()``, a ``values_list`` query of plain columns
    (integers, text), built by ``build(rows)`` -> (choices, extra) when the rows changed.

    ``known_as`` names what the query reads in the caller's words (the agency, the
    viewer's units): under a known stamp the list is then found without building the
    query at all. The labels are in the active language, which is part of the key."""
    # A stamp is a random 62-bit number (``platform.stamps``): it names one database's state.
    key = (known_as, stamp, get_language()) if known_as is not None else None
    found = _OPTION_LISTS.get(key) if stamp and key is not None else None
    if found is not None:  # one read: another request may evict it meanwhile
        return found[1]
    qs = query()
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:  # a viewer scoped to no unit at all
        return OptionList(*build([]))
    if key is None:
        key = (qs.db, (sql, tuple(params)), stamp, get_language())
    hit = _OPTION_LISTS.get(key)
    # Stamp 0 ("never changed") says nothing: bulk writers may have written before it.
    if stamp and hit is not None:
        return hit[1]
    rows = finder.fetch_rows(qs)
    if hit is not None and hit[0] == rows:
        return hit[1]
    options = OptionList(*build(rows))
    if len(_OPTION_LISTS) >= _MAX_OPTION_LISTS:
        _OPTION_LISTS.pop(next(iter(_OPTION_LISTS)), None)
    _OPTION_LISTS[key] = (rows, options)
    return options


def _unit_options(rows: list[tuple]) -> tuple[list[tuple[Any, str]], dict[int, tuple]]:
    return _unit_choices(rows), {row[0]: row for row in rows}


def _competency_options(rows: list[tuple]) -> tuple[list[tuple[Any, str]], dict[int, str]]:
    names = {pk: name for pk, name in rows}
    return [("", gettext("Semua")), *names.items()], names


class AsnFilterForm(forms.Form):
    """The list's filters, as GET parameters (``AsnFilter.as_query`` writes them back).

    Every widget is joined in Python and ``FixedBoundField`` renders the field groups
    without the form templates (same markup): the fields are the same in every
    instance (only the long lists' options are set in ``__init__``, on the widget)."""

    bound_field_class = FixedBoundField

    q = forms.CharField(
        label=gettext_lazy("Cari nama atau NIP"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Sebagian nama, atau awal NIP/nomor PPPK."),
        widget=FastTextInput,
    )
    # An integer checked against the viewer's units in clean_unit: a ChoiceField would
    # normalise and scan hundreds of choices on every request.
    unit = forms.IntegerField(
        label=gettext_lazy("Unit (termasuk sub-unit)"), required=False, widget=FastSelect
    )
    jabatan_type = FixedChoiceField(
        label=gettext_lazy("Jenis jabatan"),
        required=False,
        choices=ALL + JabatanType.choices,
        widget=FastSelect,
    )
    golongan = FixedChoiceField(
        label=gettext_lazy("Golongan"),
        required=False,
        choices=ALL + GOLONGAN_CHOICES,
        widget=FastSelect,
    )
    competency = forms.IntegerField(
        label=gettext_lazy("Kompetensi"), required=False, widget=FastSelect
    )
    min_level = FixedTypedChoiceField(
        label=gettext_lazy("Level minimal"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(i, str(i)) for i in range(1, 6)],
        widget=FastSelect,
        help_text=gettext_lazy("Berlaku bila kompetensi dipilih (bawaan 1)."),
    )
    field_group = FixedChoiceField(
        label=gettext_lazy("Rumpun pendidikan"),
        required=False,
        choices=ALL + STUDY_FIELD_CHOICES,
        widget=FastSelect,
    )
    retiring_within = FixedTypedChoiceField(
        label=gettext_lazy("Pensiun dalam"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=RETIRING_CHOICES,
        widget=FastSelect,
    )
    rotation_due = forms.BooleanField(
        label=gettext_lazy("Jatuh tempo rotasi"), required=False, widget=FastCheckboxInput
    )
    status = FixedChoiceField(
        label=gettext_lazy("Status"), required=False, choices=STATUS_CHOICES, widget=FastSelect
    )

    def __init__(
        self,
        *args: Any,
        units: Callable[[], Any],
        stamp: int | None = None,
        viewer: tuple[int, tuple[str, ...] | None] | None = None,
        **kwargs: Any,
    ) -> None:
        """``units``: a function that makes the query of the units the viewer may choose
        (called only when the list is not kept). ``stamp``: the agency's registry stamp
        (``totals.version``), when the caller has read it: the option lists are then
        reused without reading their rows.
        ``viewer``: the agency and the unit paths ``units`` is confined to (``None``:
        all), which name the lists without compiling their queries."""
        super().__init__(*args, **kwargs)
        self.stamp = stamp
        unit_options = cached_options(
            lambda: units().order_by("path").values_list("pk", "name", "path"),
            _unit_options,
            stamp,
            known_as=("units", *viewer) if viewer else None,
        )
        competency_options = cached_options(
            lambda: Competency.objects.order_by("kind", "name").values_list("pk", "name"),
            _competency_options,
            stamp,
            known_as=("competencies", viewer[0]) if viewer else None,
        )
        self._unit_rows = unit_options.extra
        self._competencies = competency_options.extra
        for name, options in (("unit", unit_options), ("competency", competency_options)):
            self.fields[name].widget.use_options(options)

    def clean_unit(self) -> OrgUnit | None:
        unit_id = self.cleaned_data.get("unit")
        if unit_id is None:
            return None
        found = self._unit_rows.get(unit_id)
        if found is None:
            raise forms.ValidationError(gettext("Pilih unit yang tersedia."))
        # The unit as its option row read it (the list is current under the stamp): the
        # filter needs its key and path. Any other field is read when first used.
        return OrgUnit.from_db(OrgUnit.objects.db, ["id", "name", "path"], found)

    def clean_competency(self) -> int | None:
        competency_id = self.cleaned_data.get("competency")
        if competency_id is not None and competency_id not in self._competencies:
            raise forms.ValidationError(gettext("Pilih kompetensi yang tersedia."))
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
