from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.platform.declarations import MenuEntry, Role, SigapAppConfig

_OVERSIGHT = frozenset({Role.AGENCY_ADMIN, Role.LEADERSHIP, Role.INSPECTOR})
_DRAFTING = frozenset({Role.UNIT_HEAD, Role.OFFICER})
VIEW = ("consultations.view_all_consultation", "consultations.view_unit_consultation")
MANAGE = ("consultations.manage_all_consultation", "consultations.manage_unit_consultation")


class ConsultationsConfig(SigapAppConfig):
    default = True
    name = "sigap.consultations"
    label = "consultations"
    verbose_name = _("Konsultasi publik")
    permissions = {
        # Reading drafts, comments, answers and forums: oversight for the whole agency,
        # the drafting unit's staff for their subtree.
        "consultations.view_all_consultation": _OVERSIGHT,
        "consultations.view_unit_consultation": _DRAFTING,
        # Publishing versions, moderating, answering, closing, running forums.
        "consultations.manage_all_consultation": frozenset({Role.AGENCY_ADMIN}),
        "consultations.manage_unit_consultation": _DRAFTING,
    }
    menu = (
        MenuEntry(_("Konsultasi publik"), "consultations:staff_list", VIEW, order=50),
        MenuEntry(_("Forum dialog"), "consultations:staff_forums", VIEW, order=51),
        MenuEntry(
            _("Verifikasi pemangku kepentingan"), "consultations:staff_stakeholders", VIEW, order=52
        ),
    )
    public_menu = (MenuEntry(_("Konsultasi publik"), "consultations:index", "", order=30),)
    urls = "sigap.consultations.urls"
    api_router = "sigap.consultations.api:router"
    demo_seeder = "sigap.consultations.demo:seed"
    demo_after = ("tenancy", "accounts", "workforce", "notifications")
    periodic_tasks = ("sigap.consultations.tasks:action_item_reminders",)

    def ready(self) -> None:
        from sigap.consultations.handover import register_provider

        register_provider()
