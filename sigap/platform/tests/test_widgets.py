"""The widgets joined in Python give Django's markup."""

from __future__ import annotations

import copy

from django import forms
from django.forms.utils import flatatt as django_flatatt
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from sigap.platform.widgets import FastSelect, FixedChoiceField, FixedTypedChoiceField, flatatt

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
    period = FixedChoiceField(choices=CHOICES, required=False, widget=FastSelect)
    level = FixedTypedChoiceField(
        choices=[(1, "1"), (2, "2")], coerce=int, required=False, widget=FastSelect
    )


class _Unshared(forms.Form):
    # The same fields without shared choices: each option escaped on every render.
    period = forms.ChoiceField(choices=CHOICES, required=False, widget=FastSelect)
    level = forms.TypedChoiceField(
        choices=[(1, "1"), (2, "2")], coerce=int, required=False, widget=FastSelect
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
