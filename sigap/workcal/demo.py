"""Demo local holidays of the four demo pemda, for the current and the next year.

Hari jadi (anniversaries) that a pemda might declare a local day off. HUT Provinsi
Jambi (6 January), HUT DKI Jakarta (22 June) and Hari Jadi Kota Sawahlunto (1 December)
are the real anniversaries; whether they are days off for the pemda's ASN varies by
year and decree. Hari Jadi Kabupaten Tebo is given as 12 October here: demo data,
a plausible date, not checked against a regional regulation.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sigap.platform.demo import DemoContext
from sigap.tenancy.context import activate
from sigap.tenancy.models import Agency
from sigap.workcal import policy
from sigap.workcal.calendar import WorkingCalendar
from sigap.workcal.models import HolidayOverride

LOCAL_HOLIDAYS: dict[str, list[tuple[int, int, str]]] = {
    "jambi": [(1, 6, "HUT Provinsi Jambi")],
    "dki-jakarta": [(6, 22, "HUT DKI Jakarta")],
    "sawahlunto": [(12, 1, "Hari Jadi Kota Sawahlunto")],
    "tebo": [(10, 12, "Hari Jadi Kabupaten Tebo (data demo)")],
}


def seed(ctx: DemoContext) -> None:
    this_year = timezone.localdate().year
    for agency in Agency.objects.filter(slug__in=LOCAL_HOLIDAYS).order_by("slug"):
        with activate(agency):
            cal = WorkingCalendar.for_agency(agency)
            for year in (this_year, this_year + 1):
                for month, day, name in LOCAL_HOLIDAYS[agency.slug]:
                    date = dt.date(year, month, day)
                    # A local day off on a weekend or a national holiday changes nothing
                    # (and the domain function refuses it): skip it.
                    if not cal.is_working_day(date):
                        continue
                    policy.add_holiday(agency, date, name, HolidayOverride.Kind.LOCAL, by=None)
                    ctx.count("hari libur daerah")
