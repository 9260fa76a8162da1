"""Issue 8, item 12: the trail names every field by its label, in the reader's language.

auditlog records fields by name; the trail shows ``verbose_name``. A field without one
showed Django's English-looking default ("created at", "officer ref") on an Indonesian
page, and a plain-string one stayed Indonesian on an English page. Every field of every
audited model (the ones the trail can show) has a lazy, translated label.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from sigap.audit.registry import EXCLUDED_FIELDS, audited_models
from sigap.shell.tests.test_translations import translated
from sigap.tenancy import org
from sigap.tenancy.models import OrgUnit
from sigap.trail import display
from sigap.workforce.models import Assignment


def trail_fields() -> list[tuple[str, object]]:
    out = []
    for model in audited_models():
        excluded = set(EXCLUDED_FIELDS.get(model._meta.label_lower, []))
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            if field.primary_key or field.name in excluded:
                continue
            out.append((f"{model._meta.label}.{field.name}", field))
    return out


def unlabelled(fields: list[tuple[str, object]]) -> list[str]:
    """Fields whose label is not lazy, or has no English (the same text in both
    languages is fine when the catalogue says so: "pemda", "NIP", "status")."""
    found = []
    for where, field in fields:
        label = field.verbose_name
        if not isinstance(label, Promise):
            found.append(f"{where}: {label!r} (not marked for translation)")
            continue
        with translation.override("id"):
            indonesian = str(label)
        with translation.override("en"):
            english = str(label)
        if english == indonesian and indonesian not in translated():
            found.append(f"{where}: {indonesian!r} (no English)")
    return found


def test_every_audited_field_has_a_translated_label():
    found = unlabelled(trail_fields())
    assert found == [], (
        "give these fields verbose_name=gettext_lazy(...) and an English translation:\n"
        + "\n".join(found)
    )


def test_the_check_finds_a_field_without_a_label():
    from django.db import models

    class Planted(models.Model):  # noqa: DJ008 - never shown
        officer_ref = models.IntegerField()
        note = models.TextField("catatan lain")

        class Meta:
            app_label = "trail"

    fields = [(f.name, f) for f in Planted._meta.concrete_fields if not f.primary_key]
    assert [w.split(":")[0] for w in unlabelled(fields)] == ["officer_ref", "note"]


def _detail(client, entry: LogEntry, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("audit:detail", args=[entry.pk])).content.decode()


def test_the_detail_page_names_fields_in_the_readers_language(login, inspector, opd):
    bidang = org.create_unit(
        opd.agency, kind=OrgUnit.Kind.BIDANG, name="Bidang Pelayanan", code="DUK.B9", parent=opd
    )
    entry = LogEntry.objects.get_for_object(bidang).filter(action=LogEntry.Action.CREATE).get()
    client = login(inspector)
    indonesian = _detail(client, entry, "id")
    assert "<td>Induk</td>" in indonesian and "<td>Aktif</td>" in indonesian
    assert "<td>Pemda</td>" in indonesian and "<td>Jenis</td>" in indonesian
    english = _detail(client, entry, "en")
    assert "<td>Parent</td>" in english and "<td>Active</td>" in english
    assert "<td>Kind</td>" in english
    assert "<td>Induk</td>" not in english and "<td>Aktif</td>" not in english


def test_values_are_shown_in_the_readers_language():
    with translation.override("en"):
        assert display.value_label(OrgUnit, "is_active", "False") == "no"
        assert display.value_label(Assignment, "starts_on", "2026-03-02") == "2 March 2026"
        assert display.field_label(OrgUnit, "short_name") == "Abbreviation"
    with translation.override("id"):
        assert display.value_label(OrgUnit, "is_active", "False") == "tidak"
        assert display.field_label(OrgUnit, "short_name") == "Singkatan"
