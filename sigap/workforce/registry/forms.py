"""The ASN list's filter form and the fast select its unit and competency lists use
(the unit select of the rotation-due page too)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape  # the standard library's: no SafeString per option
from typing import Any

from django import forms
from django.core.exceptions import EmptyResultSet
from django.forms.boundfield import BoundField
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

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

    options: OptionList | None = None  # a long list escaped once (``cached_options``)

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> str:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = {str(v) for v in self.format_value(value)}
        if self.options is not None:
            body = self.options.render(chosen)
            # The options were escaped when the list was built; flatatt escapes the rest.
            return mark_safe(f"<select{flatatt(final)}>{body}</select>")  # noqa: S308
        parts = []
        for key, label in self.choices:
            key = "" if key is None else str(key)
            selected = " selected" if key in chosen else ""
            parts.append(f'<option value="{escape(key)}"{selected}>{escape(str(label))}</option>')
        # Every value and label is escaped above.
        return mark_safe(f"<select{flatatt(final)}>{''.join(parts)}</select>")  # noqa: S308


class FastTextInput(forms.TextInput):
    """Django's ``<input>`` (``django/forms/widgets/input.html``) joined in Python."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> str:
        return _render_input(self.get_context(name, value, attrs)["widget"])


class FastCheckboxInput(forms.CheckboxInput):
    """Django's checkbox (``django/forms/widgets/checkbox.html``) joined in Python."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> str:
        return _render_input(self.get_context(name, value, attrs)["widget"])


def _render_input(widget: dict[str, Any]) -> str:
    # The markup of Django's input.html: type, name, value (when there is one), attrs.
    value = widget["value"]
    shown = "" if value is None else f' value="{escape(str(value))}"'
    # Type, name and value escaped here; flatatt escapes the attributes.
    return mark_safe(  # noqa: S308
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{shown}'
        f"{flatatt(widget['attrs'])}>"
    )


class FastBoundField(BoundField):
    """A field group with the markup of Django's ``django/forms/field.html`` (label,
    help text, errors, widget; the widget's ``id``, ``aria-describedby`` and
    ``aria-invalid`` still come from ``BoundField``), joined in Python: the ASN list's
    ten groups through the form templates were the largest part of the page's time.
    Only for widgets without a fieldset (every widget of the ASN filter form)."""

    def label_tag(
        self, contents: Any = None, attrs: Any = None, label_suffix: Any = None, tag: Any = None
    ) -> SafeString:
        if contents is not None or attrs or label_suffix is not None or tag is not None:
            return super().label_tag(contents, attrs, label_suffix, tag)
        label = conditional_escape(self.label)
        suffix = (
            self.field.label_suffix
            if self.field.label_suffix is not None
            else self.form.label_suffix
        )
        if suffix and label and self.label[-1] not in gettext(":?.!"):
            label = f"{label}{conditional_escape(suffix)}"
        id_ = self.field.widget.attrs.get("id") or self.auto_id
        if not id_:
            return mark_safe(label)  # noqa: S308 - escaped above
        for_ = self.field.widget.id_for_label(id_)
        attrs = flatatt({"for": for_}) if for_ else ""
        return mark_safe(f"<label{attrs}>{label}</label>")  # noqa: S308 - escaped above

    def as_field_group(self) -> SafeString:
        if self.use_fieldset:
            return super().as_field_group()
        parts = []
        if self.label:
            parts.append(self.label_tag())
        if self.help_text:
            id_ = f' id="{escape(self.auto_id)}_helptext"' if self.auto_id else ""
            # help_text is trusted markup, as the template's ``|safe`` treats it.
            parts.append(f'<div class="helptext"{id_}>{self.help_text}</div>')
        if self.errors:
            parts.append(str(self.errors))
        parts.append(str(self))
        return mark_safe("\n".join(parts))  # noqa: S308 - every part is escaped markup


def unit_choices(units: Any) -> list[tuple[Any, str]]:
    """Options for a unit select, indented by depth, from plain values (no model
    instances: hundreds of units)."""
    rows = units.order_by("path").values_list("pk", "name", "path")
    return _unit_choices(rows)


def _unit_choices(rows: Any) -> list[tuple[Any, str]]:
    return [("", "Semua unit")] + [
        (pk, "— " * (path.count("/") - 2) + name) for pk, name, path in rows
    ]


class OptionList:
    """The options of a long select, escaped and joined once; ``render`` marks the
    chosen ones. ``extra`` keeps what else the form derives from the same rows."""

    def __init__(self, choices: list[tuple[Any, str]], extra: Any = None) -> None:
        self.choices = choices
        self.extra = extra
        self.parts: list[str] = []
        self.selected: dict[str, list[tuple[int, str]]] = {}
        for i, (key, label) in enumerate(choices):
            key = "" if key is None else str(key)
            value, text = escape(key), escape(str(label))
            self.parts.append(f'<option value="{value}">{text}</option>')
            self.selected.setdefault(key, []).append(
                (i, f'<option value="{value}" selected>{text}</option>')
            )
        self.joined = "".join(self.parts)

    def render(self, chosen: set[str]) -> str:
        marked = [hit for key in chosen for hit in self.selected.get(key, ())]
        if not marked:
            return self.joined
        parts = list(self.parts)
        for i, html in marked:
            parts[i] = html
        return "".join(parts)


# Option lists by (database, query): the rows are read on every request (one plain
# query through a raw cursor) and compared with the rows the list was built from, so
# a renamed, added or removed unit or competency shows at once, in every process; only
# the Python work of building and escaping hundreds of options is saved.
_OPTION_LISTS: dict[tuple, tuple[list[tuple], OptionList]] = {}
_MAX_OPTION_LISTS = 256


def cached_options(
    qs: Any, build: Callable[[list[tuple]], tuple[list[tuple[Any, str]], Any]]
) -> OptionList:
    """The ``OptionList`` for a ``values_list`` query of plain columns (integers,
    text), built by ``build(rows)`` -> (choices, extra) when the rows changed."""
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:  # a viewer scoped to no unit at all
        return OptionList(*build([]))
    key = (qs.db, sql, tuple(params))
    rows = finder.fetch_rows(qs)
    hit = _OPTION_LISTS.get(key)
    if hit is not None and hit[0] == rows:
        return hit[1]
    options = OptionList(*build(rows))
    if len(_OPTION_LISTS) >= _MAX_OPTION_LISTS:
        _OPTION_LISTS.pop(next(iter(_OPTION_LISTS)), None)
    _OPTION_LISTS[key] = (rows, options)
    return options


def _competency_options(rows: list[tuple]) -> tuple[list[tuple[Any, str]], dict[int, str]]:
    names = {pk: name for pk, name in rows}
    return [("", "Semua"), *names.items()], names


class AsnFilterForm(forms.Form):
    """The list's filters, as GET parameters (``AsnFilter.as_query`` writes them back).

    Every widget is joined in Python and ``FastBoundField`` renders the field groups
    without the form templates (same markup)."""

    bound_field_class = FastBoundField

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
    jabatan_type = forms.ChoiceField(
        label=gettext_lazy("Jenis jabatan"),
        required=False,
        choices=ALL + JabatanType.choices,
        widget=FastSelect,
    )
    golongan = forms.ChoiceField(
        label=gettext_lazy("Golongan"),
        required=False,
        choices=ALL + GOLONGAN_CHOICES,
        widget=FastSelect,
    )
    competency = forms.IntegerField(
        label=gettext_lazy("Kompetensi"), required=False, widget=FastSelect
    )
    min_level = forms.TypedChoiceField(
        label=gettext_lazy("Level minimal"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(i, str(i)) for i in range(1, 6)],
        widget=FastSelect,
        help_text=gettext_lazy("Berlaku bila kompetensi dipilih (bawaan 1)."),
    )
    field_group = forms.ChoiceField(
        label=gettext_lazy("Rumpun pendidikan"),
        required=False,
        choices=ALL + STUDY_FIELD_CHOICES,
        widget=FastSelect,
    )
    retiring_within = forms.TypedChoiceField(
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
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), required=False, choices=STATUS_CHOICES, widget=FastSelect
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._units = units
        unit_options = cached_options(
            units.order_by("path").values_list("pk", "name", "path"),
            lambda rows: (_unit_choices(rows), None),
        )
        competency_options = cached_options(
            Competency.objects.order_by("kind", "name").values_list("pk", "name"),
            _competency_options,
        )
        self._competencies = competency_options.extra
        for name, options in (("unit", unit_options), ("competency", competency_options)):
            widget = self.fields[name].widget
            widget.choices = options.choices
            widget.options = options

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
