from django.utils.translation import gettext_lazy as _

from sigap.platform.declarations import MenuEntry, Role, SigapAppConfig
from sigap.workforce.permissions import VIEW_ASN, VIEW_CONTINUITY

_AGENCY_READERS = frozenset({Role.HR, Role.AGENCY_ADMIN, Role.LEADERSHIP, Role.INSPECTOR})


class WorkforceConfig(SigapAppConfig):
    default = True
    name = "sigap.workforce"
    label = "workforce"
    verbose_name = _("Kepegawaian (ASN)")
    permissions = {
        # The whole agency, or a unit head's own units' subtrees (accounts.scope).
        "workforce.view_all_asn": _AGENCY_READERS,
        "workforce.view_unit_asn": frozenset({Role.UNIT_HEAD}),
        "workforce.manage_asn": frozenset({Role.HR, Role.AGENCY_ADMIN}),
        "workforce.run_placement": frozenset({Role.HR}),
        "workforce.manage_handover": frozenset({Role.HR, Role.AGENCY_ADMIN}),
        "workforce.view_all_continuity": _AGENCY_READERS,
        "workforce.view_unit_continuity": frozenset({Role.UNIT_HEAD}),
    }
    menu = (
        MenuEntry(_("Data ASN"), "workforce:asn_list", VIEW_ASN, order=20),
        MenuEntry(_("Impor data ASN"), "workforce:roster_import", "workforce.manage_asn", order=21),
        MenuEntry(_("Kesenjangan kompetensi"), "workforce:gaps", VIEW_ASN, order=22),
        MenuEntry(
            _("Penasihat penempatan"), "workforce:placement", "workforce.run_placement", order=23
        ),
        MenuEntry(_("Rotasi jatuh tempo"), "workforce:rotation_due", VIEW_CONTINUITY, order=24),
        MenuEntry(
            _("Serah terima jabatan"),
            "workforce:handover_list",
            "workforce.manage_handover",
            order=25,
        ),
        MenuEntry(_("Kesinambungan"), "workforce:continuity", VIEW_CONTINUITY, order=26),
        MenuEntry(_("Kebutuhan pegawai"), "workforce:recruitment", VIEW_CONTINUITY, order=27),
    )
    urls = "sigap.workforce.urls"
    api_router = "sigap.workforce.api:router"
    demo_seeder = "sigap.workforce.demo:seed"
    demo_after = ("tenancy", "accounts", "workcal")

    def ready(self) -> None:
        super().ready()
        from sigap.trail.display import register_field_renderer
        from sigap.workforce.roster import problems_in_trail

        register_field_renderer("workforce.RosterImport", "problems", problems_in_trail)
        _connect_totals()


def _connect_totals() -> None:
    """Any write to what the ASN list's totals count, to the units and competencies its
    selects show, or to the position standards the profile keeps, makes them stale
    (``registry.totals``, ``registry.forms``, ``registry.queries.position_standard``)."""
    from sigap.platform.stamps import renew_on_writes
    from sigap.tenancy.models import OrgUnit
    from sigap.workforce import models
    from sigap.workforce.registry import mark_totals_stale
    from sigap.workforce.signals import registry_changed

    renew_on_writes(
        mark_totals_stale,
        (
            OrgUnit,
            models.Competency,
            models.Employee,
            models.Position,
            models.PositionRequirement,
            models.Assignment,
            models.RankHistory,
            models.Education,
            models.CompetencyAssessment,
            models.WorkforcePolicy,
        ),
        uid="workforce.totals",
        bulk=registry_changed,
    )
