from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.platform.declarations import MenuEntry, Role, SigapAppConfig

_OVERSIGHT = frozenset({Role.AGENCY_ADMIN, Role.LEADERSHIP, Role.INSPECTOR, Role.HR})
RESULTS = ("surveys.view_all_result", "surveys.view_unit_result")
ACTIONS = ("surveys.manage_all_action", "surveys.manage_unit_action")
RECORD = "surveys.record_unit_response"
QUESTIONS = "surveys.manage_all_question"


class SurveysConfig(SigapAppConfig):
    default = True
    name = "sigap.surveys"
    label = "surveys"
    verbose_name = _("Survei kepuasan masyarakat")
    permissions = {
        # Results: oversight and HR read the whole agency, unit heads their subtree.
        # Officers do not read results: per-officer figures are for their heads.
        "surveys.view_all_result": _OVERSIGHT,
        "surveys.view_unit_result": frozenset({Role.UNIT_HEAD}),
        # Kiosk and paper entry at the counter.
        "surveys.record_unit_response": frozenset({Role.UNIT_HEAD, Role.OFFICER}),
        # Follow-up actions on weak elements.
        "surveys.manage_all_action": frozenset({Role.AGENCY_ADMIN}),
        "surveys.manage_unit_action": frozenset({Role.UNIT_HEAD}),
        # The agency's own extra questions.
        "surveys.manage_all_question": frozenset({Role.AGENCY_ADMIN}),
    }
    menu = (
        MenuEntry(_("Hasil survei (IKM)"), "surveys:results", RESULTS, order=40),
        MenuEntry(_("Survei di loket"), "surveys:counter", RECORD, order=41),
        MenuEntry(_("Tindak lanjut survei"), "surveys:actions", ACTIONS, order=42),
        MenuEntry(_("Pertanyaan tambahan survei"), "surveys:questions", QUESTIONS, order=43),
    )
    public_menu = (MenuEntry(_("Indeks kepuasan"), "surveys:public_index", "", order=20),)
    urls = "sigap.surveys.urls"
    api_router = "sigap.surveys.api:router"
    demo_seeder = "sigap.surveys.demo:seed"
    demo_after = ("tenancy", "accounts", "workforce", "services")
    periodic_tasks = ("sigap.surveys.tasks:expire_invitations",)

    def ready(self) -> None:
        from sigap.services.events import service_event_recorded
        from sigap.surveys.handover import ImprovementActionProvider
        from sigap.surveys.invitations import on_service_event
        from sigap.workforce import handover

        service_event_recorded.connect(on_service_event, dispatch_uid="surveys.invite")
        # Satisfaction joins the measures training and moves are judged by.
        from sigap.services import outcomes
        from sigap.surveys.outcomes import MEASURE

        outcomes.register(MEASURE)
        # An ASN's open follow-ups move with the post (serah terima jabatan).
        handover.register(ImprovementActionProvider())
