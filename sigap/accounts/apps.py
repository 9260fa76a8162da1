from django.utils.translation import gettext_lazy as _

from sigap.platform.declarations import MenuEntry, Role, SigapAppConfig


class AccountsConfig(SigapAppConfig):
    default = True
    name = "sigap.accounts"
    label = "accounts"
    verbose_name = _("Akun dan peran")
    permissions = {
        "accounts.manage_agency_roles": frozenset({Role.AGENCY_ADMIN}),
        # Full NIKs (identifiers masks them otherwise): staff who must verify a
        # citizen's identity, and oversight.
        "identifiers.view_full_nik": frozenset({Role.AGENCY_ADMIN, Role.OFFICER, Role.INSPECTOR}),
    }
    menu = (
        MenuEntry(
            _("Pegawai dan peran"),
            "accounts:staff_roles",
            "accounts.manage_agency_roles",
            order=800,
        ),
    )
    urls = "sigap.accounts.urls"
    demo_seeder = "sigap.accounts.demo:seed"
    periodic_tasks = ("sigap.accounts.tasks:clear_expired_sessions",)
    demo_after = ("tenancy",)
