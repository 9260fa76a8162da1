from django.utils.translation import gettext_lazy as _

from sigap.platform.declarations import MenuEntry, Role, SigapAppConfig

_OVERSIGHT = frozenset({Role.AGENCY_ADMIN, Role.LEADERSHIP, Role.INSPECTOR})
_FRONT_LINE = frozenset({Role.UNIT_HEAD, Role.OFFICER})
APPLICATIONS = ("services.view_all_application", "services.view_unit_application")
EVENTS = ("services.view_all_serviceevent", "services.view_unit_serviceevent")


class ServicesConfig(SigapAppConfig):
    default = True
    name = "sigap.services"
    label = "services"
    verbose_name = _("Layanan publik")
    permissions = {
        # The catalogue: the agency admin for every unit, unit heads for their subtree.
        "services.manage_all_catalogue": frozenset({Role.AGENCY_ADMIN}),
        "services.manage_unit_catalogue": frozenset({Role.UNIT_HEAD}),
        # Applications: oversight reads the whole agency; officers and unit heads the
        # subtree of their unit, where they also act on them.
        "services.view_all_application": _OVERSIGHT,
        "services.view_unit_application": _FRONT_LINE,
        "services.handle_unit_application": _FRONT_LINE,
        "services.assign_unit_application": frozenset({Role.UNIT_HEAD}),
        # Service events: counted for everyone who analyses service, recorded by the
        # front line (quick entries at the counter, by phone, on outreach).
        "services.view_all_serviceevent": _OVERSIGHT | {Role.HR},
        "services.view_unit_serviceevent": _FRONT_LINE,
        "services.record_unit_serviceevent": _FRONT_LINE,
    }
    menu = (
        MenuEntry(_("Antrean permohonan"), "services:work_queue", APPLICATIONS, order=30),
        MenuEntry(
            _("Catat layanan"),
            "services:quick_entry",
            "services.record_unit_serviceevent",
            order=31,
        ),
        MenuEntry(
            _("Katalog layanan"),
            "services:catalogue_admin",
            ("services.manage_all_catalogue", "services.manage_unit_catalogue"),
            order=32,
        ),
    )
    public_menu = (MenuEntry(_("Layanan"), "services:public_catalogue", "", order=10),)
    urls = "sigap.services.urls"
    api_router = "sigap.services.api:router"
    demo_seeder = "sigap.services.demo:seed"
    demo_after = ("tenancy", "accounts", "workcal", "workforce")
    periodic_tasks = ("sigap.services.tasks:sla_sweep",)
