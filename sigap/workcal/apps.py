from django.utils.translation import gettext_lazy as _

from sigap.platform.declarations import ALL_STAFF, MenuEntry, Role, SigapAppConfig


class WorkcalConfig(SigapAppConfig):
    default = True
    name = "sigap.workcal"
    label = "workcal"
    verbose_name = _("Kalender hari kerja")
    permissions = {
        "workcal.view_agency_calendar": ALL_STAFF,
        "workcal.manage_agency_calendar": frozenset({Role.AGENCY_ADMIN}),
    }
    menu = (
        MenuEntry(
            _("Kalender kerja"), "workcal:calendar", "workcal.view_agency_calendar", order=850
        ),
    )
    urls = "sigap.workcal.urls"
    api_router = "sigap.workcal.api:router"
    demo_seeder = "sigap.workcal.demo:seed"
    demo_after = ("tenancy",)
