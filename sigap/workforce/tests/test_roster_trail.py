"""A roster import's problems in the audit trail (issue 8, items 11 and 12): written out
in the reader's language when there are a few, counted when there are many; never the
stored JSON of codes."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.db import IntegrityError
from django.utils import translation

from sigap.trail import display
from sigap.workforce.models import RosterImport
from sigap.workforce.roster import SHOWN_IN_TRAIL, problems_in_trail
from sigap.workforce.roster import importer as roster_import
from sigap.workforce.roster.importer import run_import, upload_roster
from sigap.workforce.tests.test_roster import csv_file, person, tasks_inline, units  # noqa: F401

NIP_MISSING = {"row": 12, "column": "NIP", "code": "nip_required", "params": {}}


def _problems_change(entry: LogEntry) -> display.Change:
    label = str(RosterImport._meta.get_field("problems").verbose_name)
    return next(c for c in display.changes(entry) if c.label.lower() == label.lower())


@pytest.mark.parametrize(
    ("language", "label", "shown"),
    [
        ("id", "Masalah per baris", "Impor gagal; tidak ada data yang ditulis. Penyebab: "),
        ("en", "Problems per row", "The import failed; nothing was written. Cause: "),
    ],
)
@pytest.mark.usefixtures("units")
def test_a_failed_imports_cause_is_shown_in_the_readers_language(
    agency, hr, monkeypatch, language, label, shown
):
    ri, _ = upload_roster(
        agency, file_name="asn.csv", content=csv_file([person(i) for i in range(1, 4)]), by=hr
    )

    def failing(*args, **kwargs):
        raise IntegrityError("disk penuh (simulasi)")

    monkeypatch.setattr(roster_import, "write_batch", failing)
    RosterImport.all_objects.filter(pk=ri.pk).update(status=RosterImport.Status.QUEUED)
    run_import(ri.pk, actor_id=hr.pk)

    entry = LogEntry.objects.get(additional_data__event="impor roster gagal")
    with translation.override(language):
        change = _problems_change(entry)
    assert change.label == label
    assert change.before == display.NOTHING  # the empty report of the dry run
    assert change.after == shown + "IntegrityError: disk penuh (simulasi)"
    assert '"code"' not in change.after and "import_failed" not in change.after


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("id", "Baris 12, NIP: NIP wajib diisi untuk PNS."),
        ("en", "Row 12, NIP: The NIP is required for PNS."),
    ],
)
def test_a_few_problems_are_written_out_with_row_and_column(language, shown):
    whole_file = {"row": None, "column": "", "code": "import_failed", "params": {}}
    with translation.override(language):
        assert problems_in_trail([NIP_MISSING]) == shown
        assert problems_in_trail([NIP_MISSING, whole_file]).startswith(shown + "; ")
        # As auditlog keeps it: the JSON text of the list.
        assert display.value_label(RosterImport, "problems", str([NIP_MISSING])) == shown


@pytest.mark.parametrize(
    ("language", "few", "many", "one"),
    [
        ("id", "4 masalah", "1.200 masalah", "1 masalah"),
        ("en", "4 problems", "1,200 problems", "1 problem"),
    ],
)
def test_many_problems_are_counted_not_listed(language, few, many, one):
    info = {"row": None, "column": "", "code": "columns_ignored", "info": True,
            "params": {"columns": {"join": ["Hobi"]}}}  # fmt: skip
    four = [{**NIP_MISSING, "row": 10 + i} for i in range(SHOWN_IN_TRAIL + 1)]
    with translation.override(language):
        assert problems_in_trail(four) == few
        assert problems_in_trail(four * 300) == many
        # The note about ignored columns is not a problem: not counted.
        assert problems_in_trail([info, *four[:1], info, info]) == one
        assert display.value_label(RosterImport, "problems", str(four * 300)) == many
