from django.utils.translation import gettext_lazy as _

from sigap.platform.declarations import MenuEntry, Role, SigapAppConfig

_OVERSIGHT = frozenset({Role.AGENCY_ADMIN, Role.LEADERSHIP, Role.INSPECTOR})
_FRONT_LINE = frozenset({Role.UNIT_HEAD, Role.OFFICER})
# Service points (offices) a user sees: the whole agency, or the subtree of their unit.
POINTS = ("queues.view_all_point", "queues.view_unit_point")
MANAGE = ("queues.manage_all_point", "queues.manage_unit_point")
WORK = "queues.work_unit_counter"


class QueuesConfig(SigapAppConfig):
    default = True
    name = "sigap.queues"
    label = "queues"
    verbose_name = _("Antrean")
    permissions = {
        "queues.view_all_point": _OVERSIGHT,
        "queues.view_unit_point": _FRONT_LINE,
        # Offices, counters, services offered, slots and closures.
        "queues.manage_all_point": frozenset({Role.AGENCY_ADMIN}),
        "queues.manage_unit_point": frozenset({Role.UNIT_HEAD}),
        # Counter work: call, recall, skip, transfer, start, finish.
        "queues.work_unit_counter": _FRONT_LINE,
    }
    menu = (
        MenuEntry(_("Loket antrean"), "queues:counter_home", WORK, order=33),
        MenuEntry(_("Dasbor antrean"), "queues:dashboard_home", POINTS, order=34),
        MenuEntry(_("Atur kantor antrean"), "queues:setup_home", MANAGE, order=35),
    )
    public_menu = (MenuEntry(_("Antrean"), "queues:public_index", "", order=12),)
    urls = "sigap.queues.urls"
    api_router = "sigap.queues.api:router"
    demo_seeder = "sigap.queues.demo:seed"
    demo_after = ("tenancy", "accounts", "workcal", "workforce", "services")
    periodic_tasks = ("sigap.queues.tasks:queue_sweep", "sigap.queues.tasks:queue_close_day")
