"""The widgets joined in Python give Django's markup."""

from __future__ import annotations

import copy

import pytest
from django import forms
from django.forms.utils import flatatt as django_flatatt
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from sigap.platform import widgets
from sigap.platform.widgets import flatatt

_values = st.one_of(
    st.text(max_size=12),
    st.booleans(),
    st.none(),
    st.integers(),
    st.text(max_size=6).map(mark_safe),
)


@given(st.dictionaries(st.from_regex(r"[a-z][a-z-]{0,10}", fullmatch=True), _values))
def test_flatatt_is_djangos(attrs):
    assert flatatt(attrs) == str(django_flatatt(attrs))


CHOICES = [("", gettext_lazy("Semua")), ("3", gettext_lazy("3 bulan")), ("x&<", "A \"b\" & 'c'")]


class _Fixed(forms.Form):
    period = widgets.FixedChoiceField(choices=CHOICES, required=False, widget=widgets.FastSelect)
    level = widgets.FixedTypedChoiceField(
        choices=[(1, "1"), (2, "2")], coerce=int, required=False, widget=widgets.FastSelect
    )


class _Unshared(forms.Form):
    # The same fields without shared choices: each option escaped on every render.
    period = forms.ChoiceField(choices=CHOICES, required=False, widget=widgets.FastSelect)
    level = forms.TypedChoiceField(
        choices=[(1, "1"), (2, "2")], coerce=int, required=False, widget=widgets.FastSelect
    )


def test_fixed_choices_render_as_unshared_ones_in_each_language():
    for language in ("id", "en", "id"):  # back again: the list is kept per language
        with translation.override(language):
            for data in ({}, {"period": "3"}, {"period": "x&<", "level": "2"}, {"period": "?"}):
                ours, theirs = _Fixed(data), _Unshared(data)
                for name in ("period", "level"):
                    assert str(ours[name]) == str(theirs[name])
    with translation.override("en"):
        shown = str(_Fixed({"period": "3"})["period"])
    assert '<option value="3" selected>3 months</option>' in shown
    assert "A &quot;b&quot; &amp; &#x27;c&#x27;" in shown


def test_a_forms_copy_shares_fixed_choices_but_not_its_widget():
    field = _Fixed.base_fields["period"]
    copied = copy.deepcopy(field)
    assert copied._choices is field._choices
    assert copied.widget is not field.widget and copied.widget.attrs is not field.widget.attrs
    assert copied.widget.shared == field.widget.shared


def test_a_copied_select_keeps_its_choices_without_normalising_them_again():
    widget = widgets.FastSelect(choices=[(1, "satu"), (2, "dua")])
    copied = copy.deepcopy(widget)
    assert copied.choices == widget.choices and copied.choices is not widget.choices
    assert copied.attrs == widget.attrs and copied.attrs is not widget.attrs


class _Groups(forms.Form):
    """Every kind of group ``FixedBoundField`` meets: optional selects (shared choices, a
    long list, plain choices), with and without help text, one required, a text input."""

    bound_field_class = widgets.FixedBoundField

    period = widgets.FixedChoiceField(
        label=gettext_lazy("Pensiun dalam"),
        choices=CHOICES,
        required=False,
        widget=widgets.FastSelect,
        help_text=gettext_lazy("Berlaku bila kompetensi dipilih (bawaan 1)."),
    )
    unit = forms.IntegerField(label="Unit <b>", required=False, widget=widgets.FastSelect)
    plain = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=CHOICES, required=False, widget=widgets.FastSelect
    )
    level = forms.TypedChoiceField(
        choices=[(1, "1"), (2, "2")], coerce=int, widget=widgets.FastSelect
    )
    q = forms.CharField(
        label="Cari?",
        required=False,
        max_length=100,
        help_text="Sebagian <i>nama</i>.",
        widget=widgets.FastTextInput,
    )
    due = forms.BooleanField(
        label=gettext_lazy("Jatuh tempo rotasi"), required=False, widget=widgets.FastCheckboxInput
    )
    count = forms.IntegerField(required=False, widget=widgets.FastTextInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget.use_options(
            widgets.OptionList([("", "Semua unit"), (7, "Dinas & <Badan>"), (9, "— Bidang")])
        )

    def clean_unit(self):
        unit = self.cleaned_data.get("unit")
        if unit not in (None, 7, 9):
            raise forms.ValidationError("Pilih unit yang tersedia.")
        return unit


class _Fast(_Groups):
    # Each group joined on every request.
    bound_field_class = widgets.FastBoundField


class _Templated(_Groups):
    # The same form through Django's own field group template and widgets' templates.
    bound_field_class = forms.BoundField


def _lines(html: str) -> str:
    # Django's field template leaves blank lines between its parts.
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"auto_id": "f_%s"}, {"auto_id": False}, {"prefix": "x"}, {"label_suffix": " →"}],
)
def test_fixed_field_groups_are_djangos_in_each_language(kwargs):
    datas = [
        None,
        "initial",
        {},
        {"period": "3", "unit": "7", "plain": "x&<", "level": "2", "q": 'a"b', "due": "on"},
        {"period": "?", "unit": "8", "level": "", "q": "x", "count": "x"},  # errors
        {"unit": "9", "level": "1", "due": "", "count": "12"},
        {"q": "<script>", "due": "1", "count": "0"},
    ]
    for language in ("id", "en", "id"):  # back again: the pieces are kept per language
        with translation.override(language):
            for data in datas:
                if isinstance(data, dict) and "prefix" in kwargs:
                    data = {f"x-{k}": v for k, v in data.items()}
                # Unbound: the initial values show.
                initial = None
                if data == "initial":
                    data, initial = None, {"q": "awal", "due": True, "unit": 9}
                ours = _Groups(data, initial=initial, **kwargs)
                fast = _Fast(data, initial=initial, **kwargs)
                django_s = _Templated(data, initial=initial, **kwargs)
                if data is not None:
                    assert ours.is_valid() == fast.is_valid() == django_s.is_valid()
                for name in ours.fields:
                    group = str(ours[name].as_field_group())
                    assert group == str(fast[name].as_field_group()), (language, data, name)
                    assert _lines(group) == _lines(str(django_s[name].as_field_group()))
    with translation.override("en"):
        shown = str(_Groups({"period": "3"})["period"].as_field_group())
    assert "Retiring within" in shown and "Pensiun dalam" not in shown
    assert '<option value="3" selected>3 months</option>' in shown
