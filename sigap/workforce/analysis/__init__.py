"""Workforce analysis: competency gaps (``gaps``), rotation due and continuity risk
(``continuity``), recruitment needs (``recruitment``), per unit with drill-down.

The three modules are the public surface, used as namespaces (``gaps.by_unit``,
``recruitment.by_unit``), with the units a per-unit report lists and the recruitment
workbook. Pages, API operations and URLs: ``views``, ``api``, ``urls``.
"""

from sigap.workforce.analysis import continuity, gaps, recruitment
from sigap.workforce.analysis.exports import recruitment_workbook
from sigap.workforce.analysis.units import report_units

__all__ = ["continuity", "gaps", "recruitment", "recruitment_workbook", "report_units"]
