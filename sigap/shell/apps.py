from django.utils.translation import gettext_lazy as _

from sigap.platform.declarations import ALL_STAFF, MenuEntry, Role, SigapAppConfig


class ShellConfig(SigapAppConfig):
    """The site shell on top: home, dashboard, agency switch, health, navigation and
    ``seed_demo``. It collects what every app declares."""

    default = True
    name = "sigap.shell"
    label = "shell"
    verbose_name = _("Cangkang situs")
    permissions = {
        "shell.view_staff_shell": ALL_STAFF,
        "shell.view_dashboards": ALL_STAFF,
        "admin.use_back_office": frozenset({Role.AGENCY_ADMIN}),
    }
    menu = (
        MenuEntry(_("Beranda"), "shell:dashboard", "shell.view_staff_shell", order=0),
        MenuEntry(_("Token API"), "accounts:api_tokens", "shell.view_staff_shell", order=900),
        MenuEntry(_("Kelola data"), "admin:index", "admin.use_back_office", order=990),
    )
    urls = "sigap.shell.urls"
    api_router = "sigap.shell.api:router"
    periodic_tasks = ("sigap.shell.tasks:heartbeat",)
