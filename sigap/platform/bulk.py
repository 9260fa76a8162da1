"""One bulk writer for imports and demo seeding.

``SqlInsert`` writes plain tuples as ``INSERT … VALUES`` (SQLite), ``INSERT … SELECT FROM
UNNEST`` or ``COPY`` (PostgreSQL): what ``bulk_create`` sends, minus building a model
instance and compiling every value of every object, which dominated a 60,000-row import
(about 4× slower) and a third of the CPU of province-scale seeding. Rows written here
skip ``Model.save`` and auditlog's signals, so the caller records them in the trail with
``sigap.audit.events.BulkTrail`` (``BulkWriter`` does both).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model

from sigap.audit.events import BulkTrail


class SqlInsert:
    """``INSERT … VALUES (…), (…) RETURNING id`` from plain tuples.

    This is what ``bulk_create`` sends, minus building a model instance and compiling
    every value of every object, which dominated a 60,000-row import (about 4× slower).
    Values are adapted the way the ORM adapts them (dates, datetimes, JSON). Where the
    database cannot return ids from a multi-row insert, it falls back to ``bulk_create``.
    """

    MAX_ROWS_PER_STATEMENT = 500

    def __init__(self) -> None:
        ops = connection.ops
        self.qn = ops.quote_name
        self.can_return = connection.features.can_return_rows_from_bulk_insert
        self.max_params = min(connection.features.max_query_params or 65_000, 65_000)
        self.adapters: dict[str, Callable[[Any], Any]] = {
            "DateField": ops.adapt_datefield_value,
            "DateTimeField": ops.adapt_datetimefield_value,
            "JSONField": lambda v: ops.adapt_json_value(v, None),
        }

    @staticmethod
    def _adapt(row: Sequence[Any], adapt: list[tuple[int, Callable[[Any], Any]]]) -> Sequence[Any]:
        if not adapt:
            return row
        out = list(row)
        for i, f in adapt:
            if out[i] is not None:
                out[i] = f(out[i])
        return out

    def __call__(
        self,
        model: type[Model],
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        returning: bool = True,
        adapted: Iterable[str] = (),
    ) -> list[int]:
        """Insert ``rows`` (values in the order of the ``columns`` attnames); their ids.
        Columns named in ``adapted`` hold values already adapted for the database."""
        if not rows:
            return []
        if returning and not self.can_return:
            objs = [model(**dict(zip(columns, row, strict=True))) for row in rows]
            model._base_manager.bulk_create(objs)
            return [o.pk for o in objs]
        fields = {f.attname: f for f in model._meta.concrete_fields}
        done = set(adapted)
        adapt = [
            (i, f)
            for i, c in enumerate(columns)
            if c not in done and (f := self.adapters.get(fields[c].get_internal_type()))
        ]
        names = ", ".join(self.qn(fields[c].column) for c in columns)
        table = self.qn(model._meta.db_table)
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        per = max(1, min(self.MAX_ROWS_PER_STATEMENT, self.max_params // len(columns)))
        ids: list[int] = []
        pk = self.qn(model._meta.pk.column)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                return self._postgresql(
                    cursor, fields, table, names, columns, rows, adapt, returning
                )
            if not returning:
                # One statement run for every row: no ids are needed, and SQLite runs a
                # prepared INSERT many times faster than it parses a long multi-row one.
                cursor.executemany(
                    f"INSERT INTO {table} ({names}) VALUES {one}",  # noqa: S608 - names from the model
                    [self._adapt(row, adapt) for row in rows],
                )
                return ids
            for start in range(0, len(rows), per):
                chunk = rows[start : start + per]
                params: list[Any] = []
                for row in chunk:
                    params.extend(self._adapt(row, adapt))
                sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(chunk))}"  # noqa: S608 - names from the model
                cursor.execute(f"{sql} RETURNING {pk}", params)
                ids.extend(row[0] for row in cursor.fetchall())
        return ids

    def _postgresql(
        self,
        cursor: Any,
        fields: dict[str, Any],
        table: str,
        names: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        adapt: list[tuple[int, Callable[[Any], Any]]],
        returning: bool,
    ) -> list[int]:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        if not returning and hasattr(raw, "copy"):
            # COPY: the audit entries stream in without a statement per row.
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(self._adapt(row, adapt))
            return []
        # One INSERT … SELECT FROM UNNEST(array per column) per batch, as Django's own
        # bulk_create does on PostgreSQL: the query has one parameter per column, not
        # per value, so psycopg and the planner do not handle 20,000 placeholders.
        arrays = [[] for _ in columns]  # type: list[list[Any]]
        for row in rows:
            for i, value in enumerate(self._adapt(row, adapt)):
                arrays[i].append(value)
        casts = ", ".join(f"%s::{fields[c].db_type(connection)}[]" for c in columns)
        sql = f"INSERT INTO {table} ({names}) SELECT * FROM UNNEST({casts})"  # noqa: S608 - names from the model
        if not returning:
            cursor.execute(sql, arrays)
            return []
        cursor.execute(f"{sql} RETURNING {self.qn(fields['id'].column)}", arrays)
        return [row[0] for row in cursor.fetchall()]


class BulkWriter:
    """Bulk inserts that also write their audit trail (one entry per row).

    ``writer.insert(Model, columns, rows, reprs)`` returns the new ids; ``updated(...)``
    records an update the caller made in bulk; ``flush()`` writes the trail. Without a
    trail (demo seeding, which records one summary instead) it is a plain ``SqlInsert``.
    """

    def __init__(self, trail: BulkTrail | None = None) -> None:
        self.sql = SqlInsert()
        self.trail = trail

    def insert(
        self,
        model: type[Model],
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        reprs: Iterable[str] | None = None,
        *,
        returning: bool = True,
    ) -> list[int]:
        ids = self.sql(model, columns, rows, returning=returning or self.trail is not None)
        if self.trail is not None:
            texts = reprs if reprs is not None else (f"{model.__name__} {pk}" for pk in ids)
            self.trail.created(model, columns, rows, ids, texts)
        return ids

    def updated(
        self, model: type[Model], pk: int, text: str, changes: dict[str, tuple[Any, Any]]
    ) -> None:
        if self.trail is not None:
            self.trail.updated(model, pk, text, changes)

    def flush(self) -> int:
        return self.trail.flush(self.sql) if self.trail is not None else 0
