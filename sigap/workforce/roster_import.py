"""Importing an ASN roster: upload (the dry run), start, and the all-or-nothing task.

Life of an import (``RosterImport.status``)::

    upload ──> VALIDATED ──start──> QUEUED ──worker──> RUNNING ──> DONE
           └─> INVALID (problems listed; nothing can run)          └─> FAILED (nothing written)

* ``upload_roster`` checks the file (type, size), runs the dry run and stores the report.
  Uploading the same bytes again while an import of them is pending (VALIDATED, QUEUED,
  RUNNING) returns that import instead of a second one (``content_sha256``).
* ``start_import`` moves VALIDATED → QUEUED with a compare-and-set update and enqueues
  ``run_roster_import``; a double click or a retried request enqueues nothing more.
* ``run_import`` (the task) claims QUEUED → RUNNING the same way, checks the file again
  against the registry as it is now, then writes everything in ONE transaction: on any
  error nothing is written and the import is FAILED with the reason.

Writing 60,000 rows one ``save()`` at a time would take many minutes, so rows are
written with ``bulk_create``/``bulk_update`` in batches, following the same rules as the
registry's write functions (``records.record_rank``/``record_assignment``/
``add_education``): a rank when (employee, TMT) is new, an assignment when the position
differs from the current one (closing the current one the day before), an education when
(level, field, year) is new. Bulk writes bypass django-auditlog, so every row written gets
its own audit entry, bulk-created too (see ``ImportAudit``).

Progress: ``processed_rows`` advances after each batch. Inside the import's transaction
those updates would stay invisible until the end, so on PostgreSQL they go through a
second, autocommitting connection and the page sees them live. SQLite allows one writer
at a time, so there the figure jumps to the total at commit (development only).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.encoding import smart_str
from django_tasks import task

from sigap.audit.context import additional_data, via
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency
from sigap.workforce.models import (
    Assignment,
    Education,
    Employee,
    RankHistory,
    RosterImport,
)
from sigap.workforce.reference import EDUCATION_LEVELS, classify_study_field
from sigap.workforce.roster import (
    Lookups,
    Problem,
    RosterCheck,
    RosterFileError,
    RosterRow,
    check_roster,
    check_upload,
)

logger = logging.getLogger(__name__)

Status = RosterImport.Status
PENDING = (Status.VALIDATED, Status.QUEUED, Status.RUNNING)
BATCH_SIZE = 2000
AUDIT_CHANNEL = "import"
ProgressCallback = Callable[[int], None]


# -- reading imports ------------------------------------------------------------------


def imports_of(agency: Agency):  # noqa: ANN201 - a QuerySet[RosterImport]
    """The agency's imports, newest first, without the stored file and report."""
    with acting_for(agency):
        return RosterImport.objects.filter(agency=agency).defer("content", "problems")


def get_import_for(agency: Agency, import_id: int) -> RosterImport | None:
    """One import of ``agency`` (with its report, without the file), or None: another
    agency's import looks exactly like one that does not exist."""
    with acting_for(agency):
        return (
            RosterImport.objects.filter(agency=agency, pk=import_id)
            .defer("content")
            .select_related("uploaded_by")
            .first()
        )


# -- upload (dry run) -----------------------------------------------------------------


def upload_roster(
    agency: Agency, *, file_name: str, content: bytes, by: Any = None
) -> tuple[RosterImport, bool]:
    """Check the upload and store its dry-run report. Returns ``(import, created)``;
    ``created`` is False when the same file is already pending and that import is reused."""
    file_name = PurePath(file_name.replace("\\", "/")).name[:255] or "roster"
    try:
        check_upload(file_name, len(content), content[:8])
    except RosterFileError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    sha = hashlib.sha256(content).hexdigest()
    with acting_for(agency):
        existing = _pending_with(agency, sha)
        if existing is not None:
            return existing, False
        # The dry run reads only; it runs outside the transaction so that a long check
        # does not hold SQLite's write lock (or go stale before it writes).
        check = check_roster(agency, content, file_name)
        with transaction.atomic():
            # Two uploads of one file at the same moment: the row lock on the agency lets
            # the second see the first's import (PostgreSQL; SQLite serialises writers).
            Agency.objects.select_for_update().filter(pk=agency.pk).first()
            existing = _pending_with(agency, sha)
            if existing is not None:
                return existing, False
            ri = RosterImport(
                agency=agency,
                file_name=file_name,
                content_sha256=sha,
                status=Status.VALIDATED if check.ok else Status.INVALID,
                total_rows=check.total_rows,
                created_count=check.to_create,
                updated_count=check.to_update,
                uploaded_by=by if getattr(by, "pk", None) else None,
            )
            ri.save()
            # The file and the report are written without the audit diff: the file is
            # binary (auditlog cannot render it) and the report can run to megabytes.
            # The audit entry of the import names the file and its SHA-256.
            problems = report_of(check)
            RosterImport.objects.filter(pk=ri.pk).update(content=content, problems=problems)
            ri.problems = problems
    return ri, True


def report_of(check: RosterCheck) -> list[dict[str, Any]]:
    report = [p.as_dict() for p in check.problems]
    if check.ignored_columns:
        report.insert(
            0,
            {
                "row": None,
                "column": "",
                "message": "Kolom diabaikan (tidak dipakai Sigap): "
                + ", ".join(check.ignored_columns)
                + ".",
                "info": True,
            },
        )
    return report


def problem_count(ri: RosterImport) -> int:
    return sum(1 for p in ri.problems or [] if not p.get("info"))


def _pending_with(agency: Agency, sha: str) -> RosterImport | None:
    return (
        RosterImport.objects.filter(agency=agency, content_sha256=sha, status__in=PENDING)
        .defer("content")
        .order_by("pk")
        .first()
    )


# -- start ----------------------------------------------------------------------------


def start_import(ri: RosterImport, *, by: Any = None) -> RosterImport:
    """Queue the real import of a dry run without problems. Idempotent: an import that is
    already queued, running or done is returned as it is."""
    actor_id = getattr(by, "pk", None)
    with acting_for(ri.agency):
        if ri.status in (Status.QUEUED, Status.RUNNING, Status.DONE):
            return ri
        if ri.status != Status.VALIDATED:
            raise ValidationError(
                "Impor ini tidak dapat dijalankan: perbaiki masalah pada berkas lalu unggah ulang."
            )
        if not _transition(ri, {Status.VALIDATED}, Status.QUEUED, actor_id=actor_id):
            ri.refresh_from_db(fields=["status"])
            return ri
        try:
            run_roster_import.enqueue(import_id=ri.pk, actor_id=actor_id)
        except Exception:
            _transition(ri, {Status.QUEUED}, Status.VALIDATED, actor_id=actor_id)
            raise
        ri.refresh_from_db(
            fields=[
                "status",
                "processed_rows",
                "created_count",
                "updated_count",
                "problems",
                "finished_at",
            ]
        )
        return ri


@task()
def run_roster_import(import_id: int, actor_id: int | None = None) -> str:
    """The worker's entry point (``manage.py db_worker``)."""
    return run_import(import_id, actor_id=actor_id).status


# -- the import -----------------------------------------------------------------------


def run_import(
    import_id: int,
    *,
    actor_id: int | None = None,
    batch_size: int = BATCH_SIZE,
    on_progress: ProgressCallback | None = None,
) -> RosterImport:
    ri = RosterImport.all_objects.select_related("agency").get(pk=import_id)
    agency = ri.agency
    with acting_for(agency), via(AUDIT_CHANNEL):
        if not _transition(
            ri, {Status.QUEUED}, Status.RUNNING, actor_id=actor_id, processed_rows=0
        ):
            return ri  # another worker has it, or it already ran
        progress = _Progress(ri, on_progress)
        try:
            # Everything read before the transaction: on SQLite the transaction must
            # start with a write, or a concurrent commit makes it fail to upgrade.
            lookups = Lookups.load(agency)
            check = check_roster(agency, bytes(ri.content), ri.file_name, lookups=lookups)
            if not check.ok:
                stale = Problem(
                    None,
                    "",
                    "Data di Sigap berubah sejak pemeriksaan; impor dibatalkan dan tidak ada "
                    "data yang ditulis. Perbaiki berkas lalu unggah ulang.",
                )
                _transition(
                    ri,
                    {Status.RUNNING},
                    Status.FAILED,
                    actor_id=actor_id,
                    problems=report_of(check) + [stale.as_dict()],
                    finished_at=timezone.now(),
                )
                return ri
            audit = ImportAudit(agency, ri.pk, actor_id)
            insert = SqlInsert()
            with transaction.atomic():
                created = updated = 0
                for start in range(0, len(check.rows), batch_size):
                    batch = check.rows[start : start + batch_size]
                    c, u = write_batch(
                        agency, batch, lookups, audit, import_id=ri.pk, insert=insert
                    )
                    created, updated = created + c, updated + u
                    progress.report(start + len(batch))
                _transition(
                    ri,
                    {Status.RUNNING},
                    Status.DONE,
                    actor_id=actor_id,
                    processed_rows=len(check.rows),
                    created_count=created,
                    updated_count=updated,
                    problems=[],
                    finished_at=timezone.now(),
                )
        except Exception as exc:
            logger.exception("roster import %s failed", ri.pk)
            reason = smart_str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
            message = "Impor gagal; tidak ada data yang ditulis."
            if reason:
                message += f" Penyebab: {type(exc).__name__}: {reason}"
            _transition(
                ri,
                {Status.RUNNING},
                Status.FAILED,
                actor_id=actor_id,
                problems=[{"row": None, "column": "", "message": message}],
                finished_at=timezone.now(),
            )
        finally:
            progress.close()
    return ri


class _Progress:
    """Publishes ``processed_rows`` while the import's transaction is still open."""

    def __init__(self, ri: RosterImport, callback: ProgressCallback | None) -> None:
        self.ri = ri
        self.callback = callback
        self.side = None
        if connection.vendor == "postgresql":
            # A connection of our own, autocommitting, so each update is visible at once.
            # It touches only the import's row, which the main transaction leaves alone
            # until its final update, so the two never wait on each other.
            real = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the proxy
            self.side = type(real)(dict(real.settings_dict), DEFAULT_DB_ALIAS)

    def report(self, processed: int) -> None:
        self.ri.processed_rows = processed
        if self.side is not None:
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {connection.ops.quote_name(RosterImport._meta.db_table)} "  # noqa: S608 - table name from the model
                    "SET processed_rows = %s WHERE id = %s",
                    [processed, self.ri.pk],
                )
        if self.callback is not None:
            self.callback(processed)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def _transition(
    ri: RosterImport, allowed: set[str], to: str, *, actor_id: int | None, **fields: Any
) -> bool:
    """Compare-and-set the status (so two requests or workers cannot both move it), then
    record the change in the audit trail as an ordinary update would."""
    old = ri.status
    changed = RosterImport.all_objects.filter(pk=ri.pk, status__in=allowed).update(
        status=to, **fields
    )
    if not changed:
        return False
    changes: dict[str, list[str]] = {"status": [old, to]}
    for name, value in fields.items():
        if name != "problems":  # the report can be large; it stays on the import itself
            changes[name] = [smart_str(getattr(ri, name)), smart_str(value)]
        setattr(ri, name, value)
    ri.status = to
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(RosterImport),
        object_pk=str(ri.pk),
        object_id=ri.pk,
        object_repr=str(ri),
        action=LogEntry.Action.UPDATE,
        changes=changes,
        actor_id=actor_id,
        additional_data={**additional_data(ri.agency_id), "import_id": ri.pk},
        cid=f"impor-asn-{ri.pk}",
    )
    return True


# -- writing --------------------------------------------------------------------------


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


class ImportAudit:
    """Audit entries for bulk-written rows, shaped like django-auditlog's own: one
    LogEntry per object, action create/update, ``changes`` as {field: [old, new]} strings,
    the import's runner as actor, and::

        additional_data = {"agency_id": 3, "channel": "import", "import_id": 42}
        cid = "impor-asn-42"   (every entry of one import shares it)
    """

    TRACKED = (Employee, RankHistory, Assignment, Education)
    COLUMNS = (
        "content_type_id",
        "object_pk",
        "object_id",
        "object_repr",
        "action",
        "changes",
        "changes_text",
        "actor_id",
        "actor_email",
        "additional_data",
        "cid",
        "timestamp",
    )

    def __init__(self, agency: Agency, import_id: int, actor_id: int | None) -> None:
        from django.contrib.auth import get_user_model

        self.actor_id = actor_id
        self.actor_email = (
            get_user_model().objects.filter(pk=actor_id).values_list("email", flat=True).first()
            if actor_id
            else None
        ) or None
        self.cid = f"impor-asn-{import_id}"
        self.extra = {"agency_id": agency.pk, "channel": AUDIT_CHANNEL, "import_id": import_id}
        # Read before the import's transaction (see run_import).
        self.content_type_ids = {m: ContentType.objects.get_for_model(m).pk for m in self.TRACKED}
        self.names = {m: {f.attname: f.name for f in m._meta.concrete_fields} for m in self.TRACKED}
        self.rows: list[tuple[Any, ...]] = []
        # The same for every entry: adapted for the database once, not 240,000 times.
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.extra_db = connection.ops.adapt_json_value(self.extra, None)

    def _add(self, model: type[Model], pk: int, text: str, action: int, changes: dict) -> None:
        self.rows.append(
            (
                self.content_type_ids[model],
                str(pk),
                pk,
                text,
                action,
                changes,
                "",
                self.actor_id,
                self.actor_email,
                self.extra_db,
                self.cid,
                self.now,
            )
        )

    def created(
        self,
        model: type[Model],
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        ids: Sequence[int],
        reprs: Iterable[str],
    ) -> None:
        names = [self.names[model][c] for c in columns]
        add, create = self._add, LogEntry.Action.CREATE
        for row, pk, text in zip(rows, ids, reprs, strict=True):
            changes = {"id": ["None", str(pk)]}
            for name, value in zip(names, row, strict=True):
                if value is not None:
                    changes[name] = ["None", str(value)]
            add(model, pk, text, create, changes)

    def updated(
        self, model: type[Model], pk: int, text: str, changes: dict[str, tuple[Any, Any]]
    ) -> None:
        self._add(
            model,
            pk,
            text,
            LogEntry.Action.UPDATE,
            {name: [smart_str(old), smart_str(new)] for name, (old, new) in changes.items()},
        )

    def flush(self, insert: SqlInsert) -> int:
        count = len(self.rows)
        insert(
            LogEntry,
            self.COLUMNS,
            self.rows,
            returning=False,
            adapted=("additional_data", "timestamp"),
        )
        self.rows = []
        return count


@lru_cache(maxsize=4096)
def _field_group(field_of_study: str) -> str:
    return classify_study_field(field_of_study)


# The objects' __str__, computed from the values at hand (tests compare them with the
# models' own): building a model instance per row only to print it would cost as much
# as the insert.
KIND_LABELS = dict(Assignment.Kind.choices)
LEVEL_LABELS = dict(EDUCATION_LEVELS)
EMPLOYEE_COLUMNS = (
    "agency_id",
    "kind",
    "nip",
    "pppk_number",
    "full_name",
    "gender",
    "birth_date",
    "service_start",
    "status",
)
RANK_COLUMNS = ("agency_id", "employee_id", "golongan", "tmt", "sk_number")
ASSIGNMENT_COLUMNS = (
    "agency_id",
    "employee_id",
    "position_id",
    "kind",
    "is_primary",
    "sk_number",
    "sk_date",
    "starts_on",
    "note",
)
EDUCATION_COLUMNS = (
    "agency_id",
    "employee_id",
    "level",
    "field_of_study",
    "field_group",
    "institution",
    "graduation_year",
)


def write_batch(
    agency: Agency,
    rows: list[RosterRow],
    lookups: Lookups,
    audit: ImportAudit,
    *,
    import_id: int,
    insert: SqlInsert | None = None,
) -> tuple[int, int]:
    """Write one batch of checked rows; returns (employees created, employees updated).
    Runs inside the import's transaction."""
    insert = insert or SqlInsert()
    a = agency.pk
    todo = [r for r in rows if r.changes_anything]

    new = [r for r in todo if r.existing is None]
    values = [
        (
            a,
            r.kind,
            r.nip,
            r.pppk_number,
            r.full_name,
            r.gender,
            r.birth_date,
            r.service_start,
            Employee.Status.ACTIVE,
        )
        for r in new
    ]
    ids = insert(Employee, EMPLOYEE_COLUMNS, values)
    audit.created(
        Employee, EMPLOYEE_COLUMNS, values, ids, (f"{r.full_name} ({r.identifier})" for r in new)
    )
    employee_id = {r.row: pk for r, pk in zip(new, ids, strict=True)}

    changed = []
    for r in todo:
        if r.existing is None:
            continue
        employee_id[r.row] = r.existing.id
        if r.employee_changes:
            changed.append(r)
    if changed:
        Employee.objects.bulk_update(
            [
                Employee(
                    pk=r.existing.id,
                    full_name=r.full_name,
                    gender=r.gender,
                    birth_date=r.birth_date,
                    service_start=r.service_start,
                )
                for r in changed
                if r.existing
            ],
            ["full_name", "gender", "birth_date", "service_start"],
        )
        for r in changed:
            audit.updated(
                Employee, employee_id[r.row], f"{r.full_name} ({r.identifier})", r.employee_changes
            )

    with_rank = [r for r in todo if r.add_rank and r.tmt_golongan]
    values = [(a, employee_id[r.row], r.golongan, r.tmt_golongan, "") for r in with_rank]
    ids = insert(RankHistory, RANK_COLUMNS, values)
    audit.created(
        RankHistory,
        RANK_COLUMNS,
        values,
        ids,
        (f"{r.golongan} TMT {r.tmt_golongan:%d-%m-%Y}" for r in with_rank if r.tmt_golongan),
    )

    closing = [r for r in todo if r.assignment_kind and r.closes is not None]
    if closing:
        # Close the current position first: at most one open primary assignment each.
        ends = {r.row: r.tmt_jabatan - dt.timedelta(days=1) for r in closing}
        Assignment.objects.bulk_update(
            [Assignment(pk=r.closes.id, ends_on=ends[r.row]) for r in closing if r.closes],
            ["ends_on"],
        )
        for r in closing:
            assert r.closes is not None
            held = lookups.positions_by_id[r.closes.position_id]
            text = f"{KIND_LABELS[r.closes.kind]} {held.title} ({r.closes.sk_number})"
            audit.updated(Assignment, r.closes.id, text, {"ends_on": (None, ends[r.row])})

    moved = [r for r in todo if r.assignment_kind]
    note = f"Impor data ASN #{import_id}"
    values = [
        (
            a,
            employee_id[r.row],
            r.position.pk,
            r.assignment_kind,
            True,
            r.sk_number,
            r.sk_date,
            r.tmt_jabatan,
            note,
        )
        for r in moved
    ]
    ids = insert(Assignment, ASSIGNMENT_COLUMNS, values)
    audit.created(
        Assignment,
        ASSIGNMENT_COLUMNS,
        values,
        ids,
        (f"{KIND_LABELS[r.assignment_kind]} {r.position.title} ({r.sk_number})" for r in moved),
    )

    schooled = [r for r in todo if r.add_education and r.graduation_year]
    values = [
        (
            a,
            employee_id[r.row],
            r.education_level,
            r.field_of_study,
            _field_group(r.field_of_study),
            r.institution,
            r.graduation_year,
        )
        for r in schooled
    ]
    ids = insert(Education, EDUCATION_COLUMNS, values)
    audit.created(
        Education,
        EDUCATION_COLUMNS,
        values,
        ids,
        (
            f"{LEVEL_LABELS[r.education_level]} {r.field_of_study} ({r.graduation_year})"
            for r in schooled
        ),
    )
    audit.flush(insert)
    return len(new), len(todo) - len(new)
