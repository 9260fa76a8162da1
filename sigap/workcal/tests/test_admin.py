from __future__ import annotations

import datetime as dt
import re

from sigap.workcal.models import HolidayOverride
from sigap.workcal.policy import add_holiday, set_office_hours

LIST = "/admin/workcal/holidayoverride/"


def test_back_office_shows_own_overrides_read_only(
    login, agency, agency_admin, other_admin, officer
):
    day = add_holiday(agency, dt.date(2026, 1, 6), "HUT Provinsi Jambi", "libur_daerah", by=None)
    set_office_hours(agency, 4, dt.time(7, 30), dt.time(11, 30), by=None)
    own = login(agency_admin).get(LIST)
    assert own.status_code == 200 and "HUT Provinsi Jambi" in own.content.decode()
    assert login(agency_admin).get("/admin/workcal/officehours/").status_code == 200
    assert login(agency_admin).get(f"{LIST}add/").status_code == 403
    other = login(other_admin).get(LIST)
    assert other.status_code == 200 and "HUT Provinsi Jambi" not in other.content.decode()
    assert login(other_admin).get(f"{LIST}{day.pk}/change/").status_code in (302, 404)
    assert login(officer).get(LIST).status_code == 302
    assert HolidayOverride.all_objects.count() == 1


def test_admin_page_has_unique_ids(login, agency_admin):
    html = login(agency_admin).get("/kerja/kalender/").content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for field_id in re.findall(r'<input[^>]*\bid="([^"]+)"', html):
        assert f'for="{field_id}"' in html, field_id
