from django.utils.translation import gettext_lazy as _

from sigap.platform.declarations import MenuEntry, Role, SigapAppConfig

_AGENCY_READERS = frozenset({Role.HR, Role.AGENCY_ADMIN, Role.LEADERSHIP, Role.INSPECTOR})


_ASN = ("workforce.view_all_asn", "workforce.view_unit_asn")
_CONTINUITY = ("workforce.view_all_continuity", "workforce.view_unit_continuity")


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
        MenuEntry(_("Data ASN"), "workforce:asn_list", _ASN, order=20),
        MenuEntry(_("Impor data ASN"), "workforce:roster_import", "workforce.manage_asn", order=21),
        MenuEntry(_("Kesenjangan kompetensi"), "workforce:gaps", _ASN, order=22),
        MenuEntry(
            _("Penasihat penempatan"), "workforce:placement", "workforce.run_placement", order=23
        ),
        MenuEntry(_("Rotasi jatuh tempo"), "workforce:rotation_due", _CONTINUITY, order=24),
        MenuEntry(
            _("Serah terima jabatan"),
            "workforce:handover_list",
            "workforce.manage_handover",
            order=25,
        ),
        MenuEntry(_("Kesinambungan"), "workforce:continuity", _CONTINUITY, order=26),
        MenuEntry(_("Kebutuhan pegawai"), "workforce:recruitment", _CONTINUITY, order=27),
    )
    urls = "sigap.workforce.urls"
    api_router = "sigap.workforce.api:router"
    demo_seeder = "sigap.workforce.demo:seed"
    demo_after = ("tenancy", "accounts", "workcal")
