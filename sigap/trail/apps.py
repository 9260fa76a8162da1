from django.utils.translation import gettext_lazy as _

from sigap.platform.declarations import MenuEntry, Role, SigapAppConfig


class TrailConfig(SigapAppConfig):
    """The audit trail's read side: the inspectors' search, detail and API. Writing the
    trail is ``sigap.audit``'s alone."""

    default = True
    name = "sigap.trail"
    label = "trail"
    verbose_name = _("Penelusuran jejak audit")
    permissions = {
        "audit.view_agency_trail": frozenset({Role.INSPECTOR, Role.AGENCY_ADMIN}),
    }
    menu = (MenuEntry(_("Jejak audit"), "audit:search", "audit.view_agency_trail", order=870),)
    urls = "sigap.trail.urls"
    api_router = "sigap.trail.api:router"

    def ready(self) -> None:
        from sigap.trail import signin

        signin.connect()
