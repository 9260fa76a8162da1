"""Importing an ASN roster: upload (the dry run), start, and the all-or-nothing task.

Life of an import (``RosterImport.status``)::

    upload ──> VALIDATED ──start──> QUEUED ──worker──> RUNNING ──> DONE
           └─> INVALID (problems listed; nothing can run)          └─> FAILED (nothing written)

* ``upload_roster`` checks the file (type, size), runs the dry run and stores the report.
  Uploading the same bytes again while an import of them is pending (VALIDATED, QUEUED,
  RUNNING) returns that import instead of a second one (``content_sha256``).
* ``start_import`` moves VALIDATED → QUEUED (``ROSTER_IMPORT_FLOW`` in ``models.py``,
  through ``sigap.platform.transitions``) and enqueues ``run_roster_import`` once that
  commits; a double click or a retried request enqueues nothing more.
* ``run_import`` (the task) claims QUEUED → RUNNING the same way, checks the file again
  against the registry as it is now, then writes everything in ONE transaction: on any
  error nothing is written and the import is FAILED with the reason.

Writing 60,000 rows one ``save()`` at a time would take many minutes, so rows are
written with ``bulk_create``/``bulk_update`` in batches, following the same rules as the
registry's write functions (``records.record_rank``/``record_assignment``/
``add_education``): a rank when (employee, TMT) is new, an assignment when the position
differs from the current one (closing the current one the day before), an education when
(level, field, year) is new; the kind of a move follows ``moves.kind_of_move`` and the
NIP rule ``identifiers.nip.nip_mismatches``, as in the registry. Bulk writes bypass
django-auditlog, so every row written gets its own audit entry through the platform's
bulk writer (``BulkWriter`` with a ``BulkTrail``).

Progress: ``processed_rows`` advances after each batch. Inside the import's transaction
those updates would stay invisible until the end, so on PostgreSQL they go through a
second, autocommitting connection and the page sees them live. SQLite allows one writer
at a time, so there the figure jumps to the total at commit (development only).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils.encoding import smart_str
from django.utils.translation import gettext_lazy
from django_tasks import task

from sigap.audit.events import BulkTrail, acting
from sigap.platform.bulk import BulkWriter
from sigap.platform.dbstats import refresh_planner_statistics
from sigap.platform.effects import after_commit, enqueue_after_commit
from sigap.platform.stored_text import join, text
from sigap.platform.transitions import transition, try_transition
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
from sigap.workforce.registry import refresh_latest_golongan
from sigap.workforce.roster.rules import (
    Lookups,
    Problem,
    RosterCheck,
    RosterFileError,
    RosterRow,
    check_roster,
    check_upload,
    render_problem,
)
from sigap.workforce.signals import registry_changed

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
    """The stored report: each problem as its code and parameters (``messages.PROBLEMS``),
    written in the reader's language when shown (``rules.render_problem``)."""
    report = [p.as_dict() for p in check.problems]
    if check.ignored_columns:
        ignored = text("columns_ignored", columns=join(check.ignored_columns))
        report.insert(0, {"row": None, "column": "", **ignored, "info": True})
    return report


def problems_of(ri: RosterImport, *, info: bool | None = None) -> list[dict[str, Any]]:
    """An import's stored problems for a reader (page, API, export): row, column and
    message in the active language, with code and parameters. ``info`` picks the notes
    (True) or the problems (False); None gives both, in stored order."""
    return [
        render_problem(p) for p in ri.problems or [] if info is None or bool(p.get("info")) == info
    ]


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
    already queued, running or done is returned as it is. The task is enqueued after the
    status change commits, so a worker never picks up an import still VALIDATED."""
    actor_id = getattr(by, "pk", None)
    with acting_for(ri.agency), acting(by):
        if ri.status in (Status.QUEUED, Status.RUNNING, Status.DONE):
            return ri
        if ri.status != Status.VALIDATED:
            raise ValidationError(
                gettext_lazy(
                    "Impor ini tidak dapat dijalankan: perbaiki masalah pada berkas lalu "
                    "unggah ulang."
                )
            )
        with transaction.atomic():
            if try_transition(ri, Status.QUEUED, details={"file_name": ri.file_name}):
                enqueue_after_commit(run_roster_import, import_id=ri.pk, actor_id=actor_id)
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
    # The person who started the import is the actor of everything it writes.
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    with acting_for(agency), acting(actor, channel_name=AUDIT_CHANNEL):
        if not try_transition(ri, Status.RUNNING, processed_rows=0):
            return ri  # another worker has it, or it already ran
        progress = _Progress(ri, on_progress)
        try:
            # Everything read before the transaction: on SQLite the transaction must
            # start with a write, or a concurrent commit makes it fail to upgrade.
            lookups = Lookups.load(agency)
            check = check_roster(agency, bytes(ri.content), ri.file_name, lookups=lookups)
            if not check.ok:
                stale = Problem(None, "", text("stale"))
                transition(
                    ri,
                    Status.FAILED,
                    details={"reason": "stale"},
                    problems=report_of(check) + [stale.as_dict()],
                )
                return ri
            writer = BulkWriter(
                BulkTrail(
                    agency_id=agency.pk,
                    event="impor roster",
                    cid=f"impor-asn-{ri.pk}",
                    models=TRACKED,
                    actor=actor,
                    extra={"import_id": ri.pk},
                )
            )
            with transaction.atomic():
                created = updated = 0
                for start in range(0, len(check.rows), batch_size):
                    batch = check.rows[start : start + batch_size]
                    c, u = write_batch(agency, batch, lookups, writer, import_id=ri.pk)
                    created, updated = created + c, updated + u
                    progress.report(start + len(batch))
                # Bulk writes skip the models' signals: tell the apps with derived figures.
                registry_changed.send(sender=RosterImport, agency_id=agency.pk)
                transition(
                    ri,
                    Status.DONE,
                    details={"created": created, "updated": updated, "file_name": ri.file_name},
                    processed_rows=len(check.rows),
                    created_count=created,
                    updated_count=updated,
                    problems=[],
                )
                # Tens of thousands of new rows: the planner needs to know, or the ASN
                # list is planned as for an empty registry until autovacuum runs (never,
                # on SQLite). After the commit, so ANALYZE sees the rows.
                after_commit(
                    lambda: refresh_planner_statistics(
                        [Employee, Assignment, RankHistory, Education]
                    )
                )
        except Exception as exc:
            logger.exception("roster import %s failed", ri.pk)
            reason = smart_str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
            failed = (
                text("import_failed_because", cause=f"{type(exc).__name__}: {reason}")
                if reason
                else text("import_failed")
            )
            try_transition(
                ri,
                Status.FAILED,
                details={"reason": failed},  # the code: written in the reader's language
                problems=[{"row": None, "column": "", **failed}],
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


# The models an import writes in bulk; each row written gets its own audit entry.
TRACKED = (Employee, RankHistory, Assignment, Education)


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
    "note_text",
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
    writer: BulkWriter,
    *,
    import_id: int,
) -> tuple[int, int]:
    """Write one batch of checked rows; returns (employees created, employees updated).
    Runs inside the import's transaction. ``writer`` (the platform's bulk writer) records
    every row it writes in the audit trail."""
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
    ids = writer.insert(
        Employee, EMPLOYEE_COLUMNS, values, (f"{r.full_name} ({r.identifier})" for r in new)
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
            writer.updated(
                Employee, employee_id[r.row], f"{r.full_name} ({r.identifier})", r.employee_changes
            )

    with_rank = [r for r in todo if r.add_rank and r.tmt_golongan]
    values = [(a, employee_id[r.row], r.golongan, r.tmt_golongan, "") for r in with_rank]
    writer.insert(
        RankHistory,
        RANK_COLUMNS,
        values,
        (f"{r.golongan} TMT {r.tmt_golongan:%d-%m-%Y}" for r in with_rank if r.tmt_golongan),
    )
    refresh_latest_golongan(employee_id[r.row] for r in with_rank)

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
            held_as = f"{KIND_LABELS[r.closes.kind]} {held.title} ({r.closes.sk_number})"
            writer.updated(Assignment, r.closes.id, held_as, {"ends_on": (None, ends[r.row])})

    moved = [r for r in todo if r.assignment_kind]
    note = text("roster_import", import_id=import_id)  # notes.ASSIGNMENT_NOTES
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
            "",
            note,
        )
        for r in moved
    ]
    writer.insert(
        Assignment,
        ASSIGNMENT_COLUMNS,
        values,
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
    writer.insert(
        Education,
        EDUCATION_COLUMNS,
        values,
        (
            f"{LEVEL_LABELS[r.education_level]} {r.field_of_study} ({r.graduation_year})"
            for r in schooled
        ),
    )
    writer.flush()
    return len(new), len(todo) - len(new)
