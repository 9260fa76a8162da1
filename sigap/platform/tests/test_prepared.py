"""platform.prepared: a read compiled once returns what the ORM returns, or refuses."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count, Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_staff
from sigap.accounts.backends import EmailOrPhoneBackend
from sigap.accounts.models import RoleGrant, User
from sigap.accounts.roles import grants_of
from sigap.platform.declarations import Role
from sigap.platform.prepared import PreparedRead
from sigap.platform.sessions import SessionStore

pytestmark = pytest.mark.django_db

_FIELDS = [f.attname for f in User._meta.concrete_fields]


def test_the_same_row_and_annotation_as_the_orm(hr, officer):
    read = PreparedRead(
        User, lambda users, pk: users.annotate(n=Count("role_grants"), k=Value(7)).filter(pk=pk)
    )
    for user in (hr, officer, hr):  # compiled once, run with each key
        (got,) = read.rows(user.pk)
        expected = User.objects.annotate(n=Count("role_grants"), k=Value(7)).get(pk=user.pk)
        assert [getattr(got, f) for f in _FIELDS] == [getattr(expected, f) for f in _FIELDS]
        assert (got.n, got.k) == (expected.n, 7)
        assert got._state.adding is False and got._state.db == "default"
    assert read.first(-5) is None


def test_aware_datetimes_come_back_converted(hr):
    (got,) = PreparedRead(User, lambda users, pk: users.filter(pk=pk)).rows(hr.pk)
    assert got.date_joined == User.objects.get(pk=hr.pk).date_joined
    assert timezone.is_aware(got.date_joined)


def test_select_related_objects_come_in_the_same_statement(officer, agency, opd):
    read = PreparedRead(
        RoleGrant,
        lambda grants, user_id: grants.filter(user_id=user_id).select_related("agency", "unit"),
    )
    read.rows(officer.pk)  # compile outside the count
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as statements:
        (grant,) = read.rows(officer.pk)
        assert (grant.agency.name, grant.unit.name) == (agency.name, opd.name)
    assert len(statements) == 1


def test_string_keys_and_two_keys(hr, officer):
    read = PreparedRead(User, lambda users, name, pk: users.filter(username=name).exclude(pk=pk))
    assert [u.pk for u in read.rows(hr.username, officer.pk)] == [hr.pk]
    assert read.rows(hr.username, hr.pk) == []
    with pytest.raises(TypeError):
        read.rows(hr.username)


def test_a_key_the_column_cannot_hold_raises_like_the_orm(hr):
    read = PreparedRead(User, lambda users, pk: users.filter(pk=pk))
    with pytest.raises(ValueError):
        read.rows("12; DROP TABLE accounts_user")
    assert read.rows(str(hr.pk))[0].pk == hr.pk  # "12" is 12, as for the ORM


@pytest.mark.parametrize(
    "build",
    [
        lambda users, pk: users.all(),  # the key unused
        lambda users, pk: users.filter(pk=pk) | users.filter(id=pk),  # used twice
        # A value of the moment would be frozen into the statement.
        lambda users, pk: users.filter(pk=pk, date_joined__lte=timezone.now()),
    ],
)
def test_refuses_a_build_it_cannot_keep(build, hr):
    with pytest.raises(ImproperlyConfigured):
        PreparedRead(User, build).rows(hr.pk)


def test_builds_from_the_base_manager_so_no_context_is_frozen(agency, opd):
    """A tenant model's default manager narrows by the active agency; the base manager
    does not, so whatever agency is active when the read compiles is not kept in it."""
    from sigap.tenancy.context import activate
    from sigap.tenancy.models import OrgUnit

    read = PreparedRead(OrgUnit, lambda units, pk: units.filter(pk=pk))
    with activate(None):  # the default manager would refuse here
        assert read.first(opd.pk).pk == opd.pk


@pytest.mark.django_db(transaction=True)
def test_a_read_compiled_in_one_thread_runs_on_another_threads_connection(agency):
    user = make_staff("thread.user", agency, Role.HR)
    read = PreparedRead(
        RoleGrant, lambda grants, user_id: grants.filter(user_id=user_id).select_related("agency")
    )
    assert read.rows(user.pk)[0].agency.pk == agency.pk
    seen = []

    def other() -> None:
        from django.db import connections

        try:
            seen.append([g.agency.pk for g in read.rows(user.pk)])
        finally:
            connections.close_all()

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert seen == [[agency.pk]]


def test_the_signed_in_user_and_grants_reads(officer, agency, opd):
    backend = EmailOrPhoneBackend()
    user = backend.get_user(officer.pk)
    assert user.pk == officer.pk and user.sigap_unread_notifications == 0
    assert backend.get_user("not a number") is None
    assert backend.get_user(-1) is None
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert backend.get_user(officer.pk) is None
    assert [(g.agency_id, g.unit_id, g.role) for g in grants_of(user)] == [
        (agency.pk, opd.pk, Role.OFFICER)
    ]
    assert grants_of(User(username="unsaved")) == []


def test_sessions_load_by_key_and_expire_as_django_does(hr):
    store = SessionStore()
    store["x"] = 1
    store.create()
    key = store.session_key
    assert SessionStore(key).load() == {"x": 1}
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    expired = SessionStore(key)
    assert expired.load() == {}
    assert expired.session_key is None  # a fresh session will be made, as in Django
    assert SessionStore("a" * 32).load() == {}


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares statements")
def test_hot_reads_are_prepared_on_postgresql_and_still_seen_by_query_logs(hr, officer):
    read = PreparedRead(User, lambda users, pk: users.filter(pk=pk).exclude(username="-"))
    with CaptureQueriesContext(connection) as queries:
        assert [u.pk for u in read.rows(hr.pk)] == [hr.pk]
        assert [u.pk for u in read.rows(officer.pk)] == [officer.pk]
    assert len(queries.captured_queries) == 2
    # Logged as Django's own cursor logs a statement: its text with the values in it.
    logged = queries.captured_queries[0]["sql"]
    assert '"accounts_user"' in logged and f"= {hr.pk}" in logged and "$1" not in logged
    mine = [s for s in _prepared_statements() if 'NOT ("accounts_user"."username" =' in s]
    assert len(mine) == 1 and "$1" in mine[0]
    # Other statements are not prepared: Django's own setting (None) is only raised to a
    # threshold they never reach.
    User.objects.filter(pk=hr.pk).exclude(email="-").exists()
    assert not [s for s in _prepared_statements() if 'NOT ("accounts_user"."email" =' in s]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares statements")
def test_hot_reads_are_not_prepared_when_turned_off(hr, settings):
    settings.SIGAP_PREPARE_HOT_READS = False
    read = PreparedRead(User, lambda users, pk: users.filter(pk=pk).exclude(full_name="-"))
    assert [u.pk for u in read.rows(hr.pk)] == [hr.pk]
    assert not [s for s in _prepared_statements() if 'NOT ("accounts_user"."full_name" =' in s]
