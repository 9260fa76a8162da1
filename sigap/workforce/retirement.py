"""Retirement (BUP) — PP 11/2017 as amended by PP 17/2020, art. 239: a PNS is
honourably discharged on reaching the BUP of their position, and the discharge takes
effect on the first day of the month after the BUP birthday.

BUP per position type is a per-pemda setting (``WorkforcePolicy.bup_by_type``; 58 for
administrator, pengawas, fungsional and pelaksana, 60 for JPT by default — *configurable*,
the pemda's own rules may differ by functional level).

The rule lives here once, in three shapes that must agree (``test_retirement`` checks it):

* scalar — :func:`retirement_date` for one person;
* query — :func:`born_before_to_retire_by`: everyone born before that date retires on or
  before a given day, a plain range the ``(agency, birth_date)`` index serves;
* vectorised — :func:`years_to_retirement` (NumPy, the placement advisor's arrays) and
  :func:`retirement_year` (recruitment's per-year count).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sigap.workforce.models import WorkforcePolicy

DAYS_PER_YEAR = 365.25


def retirement_date(birth_date: dt.date, bup_years: int) -> dt.date:
    """The first day of the month after the BUP birthday."""
    year, month = birth_date.year + bup_years, birth_date.month + 1
    if month == 13:
        year, month = year + 1, 1
    return dt.date(year, month, 1)


def born_before_to_retire_by(day: dt.date, bup_years: int) -> dt.date:
    """Everyone born before this date retires on or before ``day`` at BUP ``bup_years``.

    The retirement date (birth year + BUP, birth month + 1, 1) is ≤ ``day`` exactly when
    the birth month lies before ``day``'s month, BUP years earlier.
    """
    return dt.date(day.year - bup_years, day.month, 1)


def retires_by(birth_date: dt.date, bup_years: int, day: dt.date) -> bool:
    """Scalar twin of :func:`born_before_to_retire_by`."""
    return retirement_date(birth_date, bup_years) <= day


def retirement_year(birth_year: int, birth_month: int, bup_years: int) -> int:
    """Year of the retirement date: someone born in December retires the next January."""
    return birth_year + bup_years + (1 if birth_month == 12 else 0)


def years_to_retirement(
    birth_dates: Sequence[dt.date], bups: Sequence[int], on: dt.date
) -> np.ndarray:
    """Years from ``on`` to each person's retirement date, one row per BUP in ``bups``
    (negative when already past it)."""
    years = np.array([d.year for d in birth_dates], dtype=np.int64)
    months = np.array([d.month for d in birth_dates], dtype=np.int64)
    out = np.empty((len(bups), len(birth_dates)))
    today = np.datetime64(on, "D")
    for i, bup in enumerate(bups):
        # Months since 1970-01; birth month m (1-based) + 1 → index m is the month after.
        month_index = (years + bup - 1970) * 12 + months
        retire = month_index.astype("datetime64[M]").astype("datetime64[D]")
        out[i] = (retire - today).astype(np.float64) / DAYS_PER_YEAR
    return out


def bup_by_type(policy: WorkforcePolicy) -> dict[str, int]:
    """BUP per position type under the policy."""
    from sigap.workforce.models import JabatanType

    return {t: policy.bup_for(t) for t in JabatanType.values}


def types_by_bup(policy: WorkforcePolicy) -> dict[int, set[str]]:
    """The position types grouped by their BUP (usually two groups: 58 and 60)."""
    groups: dict[int, set[str]] = {}
    for jabatan_type, bup in bup_by_type(policy).items():
        groups.setdefault(bup, set()).add(jabatan_type)
    return groups
