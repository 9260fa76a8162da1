from django.utils.translation import gettext_lazy as _

from sigap.platform.declarations import MenuEntry, Role, SigapAppConfig

_OVERSIGHT = frozenset({Role.AGENCY_ADMIN, Role.LEADERSHIP, Role.INSPECTOR})
_FRONT_LINE = frozenset({Role.UNIT_HEAD, Role.OFFICER})
INBOX = ("complaints.view_all_complaint", "complaints.view_unit_complaint")


class ComplaintsConfig(SigapAppConfig):
    default = True
    name = "sigap.complaints"
    label = "complaints"
    verbose_name = _("Pengaduan")
    permissions = {
        # Reading: oversight the whole agency, the front line their unit subtree.
        "complaints.view_all_complaint": _OVERSIGHT,
        "complaints.view_unit_complaint": _FRONT_LINE,
        # Answering: the unit that a complaint is routed to.
        "complaints.handle_unit_complaint": _FRONT_LINE,
        # Triage (verify and route, reject, merge): the agency's complaint desk.
        "complaints.triage_all_complaint": frozenset({Role.AGENCY_ADMIN, Role.INSPECTOR}),
        # Reading a confidential complainant's identity, with a recorded reason.
        "complaints.view_identity": frozenset({Role.INSPECTOR}),
        # Officers record complaints on a caller's behalf.
        "complaints.file_for_citizen": _FRONT_LINE | {Role.AGENCY_ADMIN},
        # Categories, response templates, the classifier and its reports; LAPOR! files.
        "complaints.manage_all_category": frozenset({Role.AGENCY_ADMIN}),
        "complaints.exchange_lapor": frozenset({Role.AGENCY_ADMIN, Role.INSPECTOR}),
    }
    menu = (
        MenuEntry(_("Pengaduan"), "complaints:inbox", INBOX, order=40),
        MenuEntry(
            _("Triase pengaduan"), "complaints:triage", "complaints.triage_all_complaint", order=41
        ),
        MenuEntry(
            _("Kinerja klasifikasi"),
            "complaints:routing_report",
            "complaints.manage_all_category",
            order=42,
        ),
        MenuEntry(_("SP4N-LAPOR!"), "complaints:lapor", "complaints.exchange_lapor", order=43),
    )
    public_menu = (MenuEntry(_("Pengaduan"), "complaints:public_stats", "", order=20),)
    urls = "sigap.complaints.urls"
    api_router = "sigap.complaints.api:router"
    demo_seeder = "sigap.complaints.demo:seed"
    demo_after = ("tenancy", "accounts", "workcal", "workforce", "services")
    periodic_tasks = (
        "sigap.complaints.tasks:complaint_sweep",
        "sigap.complaints.tasks:retrain_all",
    )

    def ready(self) -> None:
        # The identity of a complainant must not be copied into the trail's field diff,
        # which inspectors and admins browse without a recorded reason (issue 12, item 4).
        from auditlog.registry import auditlog

        from sigap.complaints.models import ComplaintIdentity

        if auditlog.contains(ComplaintIdentity):
            auditlog.unregister(ComplaintIdentity)
        auditlog.register(ComplaintIdentity, exclude_fields=["user", "name", "phone", "email"])

        from sigap.complaints import open311

        open311.register()
        # Complaints per 100 services join the measures training and moves are judged by.
        from sigap.complaints.outcomes import MEASURE
        from sigap.services import outcomes

        outcomes.register(MEASURE)
