"""SP4N-LAPOR! files, duplicates, and the classifier's report."""

from __future__ import annotations

import json

from sigap.complaints import handling, lapor, queries
from sigap.complaints.duplicates import possible_duplicates, similarity
from sigap.complaints.models import Complaint
from sigap.complaints.tests.factories import ROAD, RUDE, filed, routed, with_categories
from sigap.tenancy.context import activate

FORWARDED = [
    {
        "tracking_id": "LAP-2026-0001",
        "title": "Jalan rusak di Simpang Rimbo",
        "content": "Jalan berlubang besar dan tergenang setiap hujan, motor sering jatuh.",
        "category": "jalan",
        "location": "Simpang Rimbo",
        "lat": -1.62,
        "long": 103.58,
        "is_anonymous": False,
    },
    {
        "tracking_id": "LAP-2026-0002",
        "title": "Pungli di kelurahan",
        "content": "Oknum minta uang rokok untuk surat pengantar.",
        "category": "tidak-dikenal",
        "is_anonymous": True,
    },
    {"tracking_id": "", "content": "tanpa nomor"},
]


def test_lapor_import_twice_creates_each_complaint_once(agency, opd, tmp_path):
    with_categories(agency, opd)
    path = tmp_path / "lapor.json"
    path.write_text(json.dumps(FORWARDED), encoding="utf-8")
    first = lapor.import_forwarded(agency, lapor.FileAdapter(inbox=path))
    assert (first.created, first.existing) == (2, 0)
    assert first.refused[0][0] == ""
    second = lapor.import_forwarded(agency, lapor.FileAdapter(inbox=path))
    assert (second.created, second.existing) == (0, 2)
    with activate(agency):
        imported = Complaint.objects.get(lapor_id="LAP-2026-0001")
        assert Complaint.objects.filter(channel="lapor").count() == 2
    assert imported.category.code == "jalan" and imported.mode == "confidential"
    assert imported.text.startswith("Jalan rusak di Simpang Rimbo")
    with activate(agency):
        anonymous = Complaint.objects.get(lapor_id="LAP-2026-0002")
    assert anonymous.mode == "anonymous" and anonymous.category is None


def test_lapor_export_has_lapors_fields_and_no_identity(agency, opd, agency_admin, tmp_path):
    routed(agency, opd, agency_admin, name="Joko Widodo Santoso", phone="0812777")
    out = tmp_path / "keluar.json"
    rows = lapor.export_rows(agency, by=agency_admin, adapter=lapor.FileAdapter(outbox=out))
    assert list(rows[0]) == list(lapor.FIELDS)
    assert rows[0]["status"] == "Proses" and rows[0]["category"] == "jalan"
    written = out.read_text(encoding="utf-8")
    assert "Joko" not in written and "0812777" not in written
    assert json.loads(written) == rows


def test_similar_texts_about_the_same_place_are_suggested(agency, opd):
    with_categories(agency, opd)
    first = filed(agency)
    second = filed(
        agency, text="Jalan depan pasar berlubang besar, kalau hujan banjir, banyak motor jatuh."
    )
    other = filed(agency, text=RUDE)
    found = possible_duplicates(second)
    assert [c.complaint for c in found] == [first]
    assert other not in [c.complaint for c in found]
    assert similarity(ROAD, ROAD) == 1.0


def test_merged_duplicates_are_no_longer_suggested(agency, opd, agency_admin):
    with_categories(agency, opd)
    first = filed(agency)
    second = filed(
        agency, text="Jalan depan pasar berlubang besar, kalau hujan banjir, banyak motor jatuh."
    )
    handling.merge(first, into=second, by=agency_admin)
    assert possible_duplicates(second) == []


def test_routing_report_counts_accuracy_abstention_and_reassignment(agency, opd, agency_admin):
    from sigap.tenancy import org
    from sigap.tenancy.models import OrgUnit

    cats = with_categories(agency, opd)
    kept = filed(agency)  # suggested "jalan", kept
    handling.route(kept, category=cats["jalan"], by=agency_admin)
    changed = filed(agency, text="Sampah numpuk di pinggir jalan depan rumah, tidak diangkut.")
    handling.route(changed, category=cats["kebersihan"], by=agency_admin)
    unsure = filed(agency, text="Mohon perhatiannya untuk hal yang kemarin saya sampaikan.")
    handling.route(unsure, category=cats["lainnya"], by=agency_admin)
    with activate(agency):
        pupr = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas PUPR", code="PUPR")
    handling.route(kept, category=cats["jalan"], unit=pupr, by=agency_admin)
    with activate(agency):
        report = queries.routing_report(agency)
    assert report.routed == 3
    assert report.abstained == 1 and report.abstention_rate == 1 / 3
    assert report.suggested == 2
    suggested_changed = changed.suggested_category.code if changed.suggested_category else None
    assert report.correct == 1 + (suggested_changed == "kebersihan")
    assert report.reassigned == 1 and report.reassignment_rate == 1 / 3
