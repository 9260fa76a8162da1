"""What auditlog diffs: a model's own columns, never another model's reverse accessors."""

from __future__ import annotations

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigap.audit.events import acting
from sigap.audit.registry import audited_models, reverse_relations
from sigap.tenancy import org
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import OrgUnit


def test_no_audited_model_diffs_a_reverse_accessor():
    for model in audited_models():
        excluded = set(auditlog.get_model_fields(model)["exclude_fields"])
        assert set(reverse_relations(model)) <= excluded, model._meta.label


def test_saving_a_user_reads_no_citizen_profile(officer):
    # accounts.User has a reverse one-to-one (CitizenProfile.user): diffing it cost a
    # query on every save of every user.
    officer.full_name = "Nama Baru"
    with CaptureQueriesContext(connection) as queries:
        officer.save()
    assert not [q for q in queries if "accounts_citizenprofile" in q["sql"]]
    entry = LogEntry.objects.get_for_object(officer).latest("pk")
    assert "full_name" in entry.changes_dict


def test_a_creation_entry_names_only_the_rows_own_fields(agency, agency_admin):
    with acting(agency_admin), acting_for(agency):
        unit = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Uji", code="DU")
    entry = LogEntry.objects.get_for_object(unit).earliest("pk")
    own = {f.name for f in OrgUnit._meta.concrete_fields}
    assert set(entry.changes_dict) <= own
    assert not any(str(v).endswith(".None") for pair in entry.changes_dict.values() for v in pair)
