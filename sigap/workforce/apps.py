from django.utils.translation import gettext_lazy as _

from sigap.platform.declarations import MenuEntry, Role, SigapAppConfig

_READERS = frozenset({Role.HR, Role.AGENCY_ADMIN, Role.LEADERSHIP, Role.INSPECTOR, Role.UNIT_HEAD})


class WorkforceConfig(SigapAppConfig):
    default = True
    name = "sigap.workforce"
    label = "workforce"
    verbose_name = _("Kepegawaian (ASN)")
    permissions = {
        # Unit heads see only their unit's subtree (accounts.scope).
        "workforce.view_asn": _READERS,
        "workforce.manage_asn": frozenset({Role.HR, Role.AGENCY_ADMIN}),
        "workforce.run_placement": frozenset({Role.HR}),
        "workforce.manage_handover": frozenset({Role.HR, Role.AGENCY_ADMIN}),
        "workforce.view_continuity": _READERS,
    }
    menu = (
        MenuEntry(_("Data ASN"), "workforce:asn_list", "workforce.view_asn", order=20),
        MenuEntry(_("Impor data ASN"), "workforce:roster_import", "workforce.manage_asn", order=21),
        MenuEntry(_("Kesenjangan kompetensi"), "workforce:gaps", "workforce.view_asn", order=22),
        MenuEntry(
            _("Penasihat penempatan"), "workforce:placement", "workforce.run_placement", order=23
        ),
        MenuEntry(
            _("Rotasi jatuh tempo"), "workforce:rotation_due", "workforce.view_continuity", order=24
        ),
        MenuEntry(
            _("Serah terima jabatan"), "workforce:handover_list", "workforce.manage_handover",
            order=25,
        ),
        MenuEntry(_("Kesinambungan"), "workforce:continuity", "workforce.view_continuity", order=26),
        MenuEntry(
            _("Kebutuhan pegawai"), "workforce:recruitment", "workforce.view_continuity", order=27
        ),
    )
    urls = "sigap.workforce.urls"
    api_router = "sigap.workforce.api:router"
    demo_seeder = "sigap.workforce.demo:seed"
    demo_after = ("tenancy", "accounts", "workcal")
