"""The ASN roster file: its columns and checks (``rules``), the import that writes it
through the platform's bulk writer (``importer``), its problems as the audit trail shows them (``trail``), and the .xlsx reader and writer it
uses (``xlsx``). Pages, API operations and URLs: ``views``, ``api``, ``urls``.
"""

from sigap.workforce.roster.export import roster_workbook
from sigap.workforce.roster.importer import (
    get_import_for,
    imports_of,
    problem_count,
    problems_of,
    run_import,
    start_import,
    upload_roster,
)
from sigap.workforce.roster.messages import OTHER_POSITION, PROBLEMS
from sigap.workforce.roster.rules import (
    COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    RosterFileError,
    check_roster,
    file_kind,
    parse_date,
    render_problem,
    template_workbook,
)
from sigap.workforce.roster.trail import SHOWN_IN_TRAIL, problems_in_trail
from sigap.workforce.roster.xlsx import WorkbookError, iter_xlsx_rows

__all__ = [
    "COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "OTHER_POSITION",
    "PROBLEMS",
    "SHOWN_IN_TRAIL",
    "RosterFileError",
    "WorkbookError",
    "check_roster",
    "file_kind",
    "get_import_for",
    "imports_of",
    "iter_xlsx_rows",
    "parse_date",
    "problem_count",
    "problems_in_trail",
    "problems_of",
    "render_problem",
    "roster_workbook",
    "run_import",
    "start_import",
    "template_workbook",
    "upload_roster",
]
