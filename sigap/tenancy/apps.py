from django.utils.translation import gettext_lazy as _

from sigap.platform.declarations import ALL_STAFF, MenuEntry, Role, SigapAppConfig


class TenancyConfig(SigapAppConfig):
    default = True
    name = "sigap.tenancy"
    label = "tenancy"
    verbose_name = _("Pemda dan organisasi")
    permissions = {
        "tenancy.view_agency_units": ALL_STAFF,
        "tenancy.manage_agency_units": frozenset({Role.AGENCY_ADMIN}),
    }
    menu = (
        MenuEntry(_("Unit organisasi"), "tenancy:unit_list", "tenancy.view_agency_units", order=10),
    )
    urls = "sigap.tenancy.urls"
    api_router = "sigap.tenancy.api:router"
    demo_seeder = "sigap.tenancy.demo:seed"
