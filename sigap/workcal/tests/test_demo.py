from __future__ import annotations

from django.utils import timezone

from sigap.platform.demo import DemoContext
from sigap.tenancy.context import unscoped
from sigap.tenancy.models import Agency
from sigap.workcal import demo
from sigap.workcal.calendar import Source, WorkingCalendar
from sigap.workcal.models import HolidayOverride


def test_demo_seeds_local_holidays_for_this_and_next_year(db):
    for slug, name, kind, region, tz in [
        ("jambi", "Pemerintah Provinsi Jambi", Agency.Kind.PROVINCE, "15", Agency.TimeZone.WIB),
        ("tebo", "Pemerintah Kabupaten Tebo", Agency.Kind.REGENCY, "15.09", Agency.TimeZone.WIB),
    ]:
        Agency.objects.create(slug=slug, name=name, kind=kind, region_code=region, time_zone=tz)
    ctx = DemoContext(scale="small", seed=1)
    with unscoped():
        demo.seed(ctx)
        rows = list(HolidayOverride.objects.all())
    assert rows and ctx.counts["hari libur daerah"] == len(rows)
    assert {r.kind for r in rows} == {HolidayOverride.Kind.LOCAL}
    jambi = Agency.objects.get(slug="jambi")
    year = timezone.localdate().year
    names = {
        h.name
        for y in (year, year + 1)
        for h in WorkingCalendar.for_agency(jambi).holidays_in(y)
        if h.source == Source.LOCAL
    }
    assert names == {"HUT Provinsi Jambi"}
