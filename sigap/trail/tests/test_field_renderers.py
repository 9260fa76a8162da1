"""A field an app renders for the trail itself (issue 8, item 12): the registry of field
renderers in ``display``."""

from __future__ import annotations

import json

import pytest

from sigap.tenancy.models import OrgUnit
from sigap.trail import display


@pytest.fixture
def codes_counted():
    def count(value):
        return f"{len(value)} kode" if isinstance(value, list) else f"teks {value}"

    display.register_field_renderer("tenancy.OrgUnit", "code", count)
    yield
    display.unregister_field_renderer("tenancy.OrgUnit", "code")


def test_a_registered_field_gets_its_value_decoded_from_auditlogs_text(codes_counted):
    # auditlog keeps JSON; the bulk trail keeps Python's text of the value.
    assert display.value_label(OrgUnit, "code", json.dumps([{"a": 1}, {"b": 2}])) == "2 kode"
    assert display.value_label(OrgUnit, "code", str([{"a": 1}, {"b": None}])) == "2 kode"
    assert display.value_label(OrgUnit, "code", [1, 2, 3]) == "3 kode"
    assert display.value_label(OrgUnit, "code", "DUK.B9") == "teks DUK.B9"


def test_a_registered_field_shows_nothing_as_nothing(codes_counted):
    for empty in (None, "None", "[]", "", "null"):
        assert display.value_label(OrgUnit, "code", empty) == display.NOTHING


def test_other_fields_and_unregistered_ones_are_shown_as_before(codes_counted):
    assert display.value_label(OrgUnit, "name", "Bidang Pelayanan") == "Bidang Pelayanan"
    display.unregister_field_renderer("tenancy.OrgUnit", "code")
    assert display.value_label(OrgUnit, "code", "[1, 2]") == "[1, 2]"  # raw, as before
