"""The audit trail masks a citizen's NIK as screens do (issue 8, item 3): auditlog's own
mask kept the last 8 digits."""

from __future__ import annotations

import json

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from sigap.accounts.models import CitizenProfile
from sigap.audit.registry import mask_nik_in_trail


def test_a_citizens_nik_is_masked_in_the_trail_as_on_screen(citizen):
    profile = CitizenProfile.objects.get(user=citizen)
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(CitizenProfile), object_id=profile.pk
    ).latest("pk")
    old, new = entry.changes_dict["nik"]
    assert new == "1571************"
    assert old == "None"
    raw = json.dumps(entry.changes)
    assert "1571025705900001" not in raw and "05900001" not in raw


def test_a_changed_nik_keeps_neither_value_in_the_trail(citizen):
    profile = CitizenProfile.objects.get(user=citizen)
    profile.nik = "3171014101850002"
    profile.save()
    entry = LogEntry.objects.get_for_object(profile).latest("pk")
    assert entry.changes_dict["nik"] == ["1571************", "3171************"]


def test_the_mask_keeps_values_without_digits():
    assert mask_nik_in_trail("None") == "None"
    assert mask_nik_in_trail("") == ""
    assert mask_nik_in_trail("3171 0141 0185 0002") == "3171************"
