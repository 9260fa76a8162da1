"""Form widgets and field groups joined in Python instead of Django's form templates.

Django renders a select through one template per option (and one for each option's
attributes): the ASN list's unit select (~700 units) spent over 100 ms of every request
there, and the counter page's five small fields were a third of its render time. The
markup is the same as Django's templates; label, help, errors and the aria attributes
still come from ``BoundField``.
"""

from __future__ import annotations

import copy
import itertools
from html import escape  # the standard library's: no SafeString per option
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext


def flatatt(attrs: dict[str, Any]) -> str:
    """Django's ``flatatt`` (``django.forms.utils``), the same string, without a
    ``format_html`` per attribute: sorted ``key="value"`` pairs (values escaped unless
    marked safe), then the true booleans' keys."""
    pairs = []
    flags = []
    for key, value in attrs.items():
        if isinstance(value, bool):
            if value:
                flags.append(key)
        elif value is not None:
            pairs.append((key, value))
    # Keys are attribute names the code chose; values come from anywhere.
    return "".join(
        f' {key}="{conditional_escape(value)}"' for key, value in sorted(pairs)
    ) + "".join(f" {key}" for key in sorted(flags))


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


class FastSelect(forms.Select):
    """A select whose options are joined in Python: a province has ~700 units, and the
    template-per-option widget spent over 100 ms of every list request on them. Label,
    help, errors and the aria attributes still come from the field group as usual."""

    options: OptionList | None = None  # a long list escaped once (``cached_options``)
    shared: int | None = None  # fixed choices (``FixedChoiceField``): escaped once per language

    def __deepcopy__(self, memo: dict) -> FastSelect:
        # Django's copy assigns ``choices``, whose setter normalises them again for every
        # form instance (the ASN filter: eight selects a request). They were normalised
        # when the widget was made; a shallow copy keeps the same pairs.
        obj = copy.copy(self)
        obj.attrs = self.attrs.copy()
        obj._choices = copy.copy(self._choices)
        memo[id(self)] = obj
        return obj

    def use_options(self, options: OptionList) -> None:
        """Show ``options``. Their choices are plain (value, label) pairs already:
        Django's ``choices`` setter would normalise all of them again (~700 units, about
        2 ms) on every request."""
        self.options = options
        self._choices = options.choices

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> str:
        # The opening tag's attributes are escaped by flatatt, the options by ``body``.
        return mark_safe(f"{self.opening(name, attrs)}{self.body(value)}</select>")  # noqa: S308

    def opening(self, name: str, attrs: Any = None) -> str:
        """``<select …>`` with the widget's and the bound field's attributes, escaped."""
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        return f"<select{flatatt(final)}>"

    def body(self, value: Any) -> str:
        """The options, ``value``'s marked, escaped."""
        chosen = {str(v) for v in self.format_value(value)}
        if self.options is not None:  # escaped when the list was built
            return self.options.render(chosen)
        if self.shared is not None:  # escaped once per language
            return _shared_options(self.shared, self.choices).render(chosen)
        parts = []
        for key, label in self.choices:
            key = "" if key is None else str(key)
            selected = " selected" if key in chosen else ""
            parts.append(f'<option value="{escape(key)}"{selected}>{escape(str(label))}</option>')
        return "".join(parts)


_SHARED_OPTIONS: dict[tuple[int, str], OptionList] = {}
_SHARED_IDS = itertools.count(1)


def _shared_options(shared: int, choices: Any) -> OptionList:
    """The options of fixed choices in the active language, escaped once."""
    key = (shared, get_language() or "")
    options = _SHARED_OPTIONS.get(key)
    if options is None:
        options = _SHARED_OPTIONS[key] = OptionList([(k, str(label)) for k, label in choices])
    return options


class _FixedChoices:
    """A choice field whose choices are a constant: every form shares them. Django
    deep-copies each field's choices for every form instance (about 200 copies a
    request for the ASN filter's fixed lists); these are never changed per form, so
    the field is copied as a plain field is, and a ``FastSelect`` shows them from a list
    escaped once per language. Do not assign ``choices`` on a form's copy."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(self.widget, FastSelect):  # type: ignore[attr-defined]
            self.widget.shared = next(_SHARED_IDS)  # type: ignore[attr-defined]

    def __deepcopy__(self, memo: dict) -> Any:
        return forms.Field.__deepcopy__(self, memo)  # type: ignore[arg-type]


class FixedChoiceField(_FixedChoices, forms.ChoiceField):
    pass


class FixedTypedChoiceField(_FixedChoices, forms.TypedChoiceField):
    pass


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
    opening, closing = _input_tag(widget)
    # Escaped by ``_input_tag`` and ``_input_value``.
    return mark_safe(f"{opening}{_input_value(widget['value'])}{closing}")  # noqa: S308


def _input_tag(widget: dict[str, Any]) -> tuple[str, str]:
    """An input's tag before its value attribute (type, name) and after it (the other
    attributes), escaped, from the widget's context."""
    opening = f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"'
    return opening, f"{flatatt(widget['attrs'])}>"


def _input_value(value: Any) -> str:
    """An input's formatted value as its escaped attribute, or nothing."""
    return "" if value is None else f' value="{escape(str(value))}"'


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
        parts = self._head()
        if self.errors:
            parts.append(str(self.errors))
        parts.append(str(self))
        return mark_safe("\n".join(parts))  # noqa: S308 - every part is escaped markup

    def _head(self) -> list[str]:
        """The label and the help text, escaped (help text is trusted markup, as the
        template's ``|safe`` treats it)."""
        parts = []
        if self.label:
            parts.append(self.label_tag())
        if self.help_text:
            id_ = f' id="{escape(self.auto_id)}_helptext"' if self.auto_id else ""
            parts.append(f'<div class="helptext"{id_}>{self.help_text}</div>')
        return parts


# (form class, prefix, auto_id, label suffix, field name, checked, language) -> (the
# label and help text, the widget's tag before its value, after it): a few dozen entries.
_FIXED_GROUPS: dict[tuple, tuple[str, str, str]] = {}


class FixedBoundField(FastBoundField):
    """A ``FastBoundField`` for a form whose fields are the same in every instance (their
    labels, help texts and widget attributes set where the form class declares them,
    never in ``__init__``; the ASN filter). An optional field's group without errors is
    then its label, help and widget tag, joined once per language, around the request's
    value: a filter form renders ten groups on every request. Anything else (errors, a
    required or disabled field, another widget) is rendered as ``FastBoundField`` does;
    a test holds both to the same markup."""

    def as_field_group(self) -> SafeString:
        widget = self.field.widget
        if (
            not isinstance(widget, (FastSelect, FastTextInput, FastCheckboxInput))
            or self.use_fieldset
            or self.field.required
            or self.field.disabled
            or self.errors
        ):
            return super().as_field_group()
        value = self.value()
        # A checkbox's ``checked`` is one of its attributes: two tags.
        checked = isinstance(widget, forms.CheckboxInput) and widget.check_test(value)
        form = self.form
        key = (
            type(form),
            form.prefix,
            form.auto_id,
            form.label_suffix,
            self.name,
            checked,
            get_language(),
        )
        fixed = _FIXED_GROUPS.get(key)
        if fixed is None:
            fixed = _FIXED_GROUPS[key] = self._fixed(widget, value)
        head, opening, closing = fixed
        if isinstance(widget, FastSelect):
            middle = widget.body(value)
        else:
            middle = _input_value(widget.format_value(value))
        # Escaped when they were joined (``_fixed``), ``middle`` by ``body`` or ``_input_value``.
        return mark_safe(f"{head}{opening}{middle}{closing}")  # noqa: S308

    def _fixed(self, widget: Any, value: Any) -> tuple[str, str, str]:
        """(label and help text, the widget's tag before its value, after it)."""
        # What ``BoundField.as_widget`` gives the widget, without errors.
        attrs = self.build_widget_attrs({}, widget)
        if self.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", self.auto_id)
        head = "".join(f"{part}\n" for part in self._head())
        if isinstance(widget, FastSelect):
            return head, widget.opening(self.html_name, attrs), "</select>"
        return head, *_input_tag(widget.get_context(self.html_name, value, attrs)["widget"])
