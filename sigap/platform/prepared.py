"""Reads that every request makes, compiled once.

Building and compiling an ORM query costs more than running it when the query is small:
the signed-in user with its unread count took 1.4 ms to compile and 0.09 ms to run on
SQLite, and a signed-in page makes three such reads (session, user, grants) before it
reads a row of its own. A ``PreparedRead`` builds its queryset once per database alias
with stand-in values for its keys, keeps the SQL, and from then on runs that SQL with
the caller's values, turning rows into model instances as the ORM does (``from_db``,
``select_related`` objects, annotations, the backend's converters).

What it refuses, at the first use:

* a build that does not place each key exactly once among the statement's parameters;
* a build whose statement changes between two compilations with different keys apart
  from the keys (a value computed inside the build, such as the time, would be frozen);

and it builds from the model's base manager, never its default one, so a manager that
narrows by the request's context (the active agency) cannot be frozen into the SQL.

On PostgreSQL the statement is also prepared on the server (``hot_cursor``): each read
costs a round trip of about 0.8 ms here, of which planning took 0.1–0.3 ms, on every
signed-in request. Django leaves prepared statements off so that a connection pooler in
transaction mode keeps working; ``SIGAP_PREPARE_HOT_READS=0`` turns these off too.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import inspect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models, router
from django.db.models.query import get_related_populators

M = TypeVar("M", bound=models.Model)

# Stand-ins for the keys while compiling: inside every backend's integer range (an
# out-of-range integer lookup compiles to "no rows"), and unlike any real key.
_STAND_INS = tuple(-1_987_650_000 - i for i in range(8))
_SECOND_STAND_INS = tuple(-1_987_640_000 - i for i in range(8))


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, type], ...]  # (parameter index, int or str) per key
    compiler: Any  # the compiler after as_sql(): select, klass_info, annotations


class PreparedRead(Generic[M]):
    """``build(queryset, *keys)`` narrowed to the rows wanted, for the model's base
    manager queryset; ``rows(*keys)`` runs it. Keys are integers or strings (a primary
    key, a foreign key, a session key), each used once by the build."""

    def __init__(self, model: type[M], build: Callable[..., models.QuerySet[M]]):
        self.model = model
        self._build = build
        self._arity = len(inspect.signature(build).parameters) - 1
        if not 1 <= self._arity <= len(_STAND_INS):
            raise ImproperlyConfigured("a prepared read takes between one and eight keys")
        self._plans: dict[tuple[str, str], _Plan] = {}

    def _compile(self, alias: str, stand_ins: Sequence[int]) -> tuple[Any, str, tuple]:
        queryset = self._build(self.model._base_manager.using(alias), *stand_ins[: self._arity])
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        return compiler, sql, tuple(params)

    def _plan(self, alias: str) -> _Plan:
        vendor = connections[alias].vendor
        plan = self._plans.get((alias, vendor))
        if plan is not None:
            return plan
        compiler, sql, params = self._compile(alias, _STAND_INS)
        slots = []
        for stand_in in _STAND_INS[: self._arity]:
            found = [
                (i, type(p)) for i, p in enumerate(params) if p == stand_in or p == str(stand_in)
            ]
            if len(found) != 1:
                raise ImproperlyConfigured(
                    f"{self.model.__name__}: each key of a prepared read must be used once "
                    f"by its build (found {len(found)} uses)"
                )
            slots.append(found[0])
        _, again_sql, again = self._compile(alias, _SECOND_STAND_INS)
        slot_indexes = {i for i, _ in slots}
        if again_sql != sql or [p for i, p in enumerate(again) if i not in slot_indexes] != [
            p for i, p in enumerate(params) if i not in slot_indexes
        ]:
            raise ImproperlyConfigured(
                f"{self.model.__name__}: a prepared read's statement may depend on its keys "
                "only (a value computed in the build would be frozen into it)"
            )
        plan = _Plan(sql=sql, params=params, slots=tuple(slots), compiler=compiler)
        self._plans[(alias, vendor)] = plan
        return plan

    def rows(self, *keys: Any) -> list[M]:
        if len(keys) != self._arity:
            raise TypeError(f"expected {self._arity} keys, got {len(keys)}")
        alias = router.db_for_read(self.model)
        plan = self._plan(alias)
        params = list(plan.params)
        for (index, kind), key in zip(plan.slots, keys, strict=True):
            params[index] = kind(key)  # int("12") as the ORM would; a bad key raises here
        connection = connections[alias]
        # The kept compiler belongs to the connection that compiled it, perhaps another
        # thread's: a shallow copy on this request's connection does the conversions.
        compiler = copy.copy(plan.compiler)
        compiler.connection = connection
        with hot_cursor(connection) as cursor:
            cursor.execute(plan.sql, params)
            fetched = cursor.fetchall()
        return list(_instances(compiler, alias, fetched))

    def first(self, *keys: Any) -> M | None:
        found = self.rows(*keys)
        return found[0] if found else None


_NEVER = 2**31 - 1


@contextlib.contextmanager
def hot_cursor(connection: Any) -> Iterator[Any]:
    """A cursor for a statement every request runs with other values: on PostgreSQL it
    binds them on the server and prepares the statement once per connection (psycopg
    keeps the prepared statements); elsewhere, or with ``SIGAP_PREPARE_HOT_READS`` off,
    the connection's own cursor. Either way Django's cursor wrapper runs the statement,
    so execute wrappers and query logs see it."""
    if connection.vendor != "postgresql" or not settings.SIGAP_PREPARE_HOT_READS:
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django turns psycopg's prepared statements off (None); a threshold no other
        # statement reaches lets the ones asked for here (``prepare=True``) be prepared.
        raw.prepare_threshold = _NEVER
    with connection.wrap_database_errors:
        # ``_prepare_cursor`` is how ``connection.cursor()`` wraps the cursor it makes.
        cursor = connection._prepare_cursor(_preparing_cursor()(raw))
    with cursor:
        yield cursor


@functools.cache
def _preparing_cursor() -> type:
    """Django's server-binding cursor class, preparing every statement it runs."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            kwargs.setdefault("prepare", True)
            result = super().execute(query, params, **kwargs)
            # psycopg records no text for a prepared statement, and Django's query log
            # (the debug cursor, CaptureQueriesContext) reads it from ``_query``.
            if self._query is None:
                self._query = _LoggedQuery(self.connection, query, params)
            return result

    return PreparingCursor


class _LoggedQuery:
    """A statement as Django logs it (``cursor._query.query``: the text with its values
    written in, as the client-binding cursor sends it), composed only when read."""

    __slots__ = ("_connection", "_params", "_sql")

    def __init__(self, connection: Any, sql: str, params: Any) -> None:
        self._connection, self._sql, self._params = connection, sql, params

    @property
    def query(self) -> bytes:
        import psycopg

        with psycopg.ClientCursor(self._connection) as cursor:
            return cursor.mogrify(self._sql, self._params).encode()


def _instances(compiler: Any, alias: str, fetched: list[tuple]) -> Any:
    """``ModelIterable``'s work on rows already fetched (no known related objects: a
    prepared read starts from the manager, not from a related manager)."""
    select, klass_info = compiler.select, compiler.klass_info
    annotation_col_map = compiler.annotation_col_map
    model_cls = klass_info["model"]
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    init_list = [f[0].target.attname for f in select[start:end]]
    related_populators = get_related_populators(klass_info, select, alias)
    for row in compiler.results_iter(results=[fetched]):
        obj = model_cls.from_db(alias, init_list, row[start:end])
        for populator in related_populators:
            populator.populate(row, obj)
        for attribute, position in (annotation_col_map or {}).items():
            setattr(obj, attribute, row[position])
        yield obj
