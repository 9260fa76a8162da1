from django.utils.translation import gettext_lazy as _

from sigap.platform.declarations import SigapAppConfig


class NotificationsConfig(SigapAppConfig):
    """The inbox, email/SMS/WhatsApp deliveries and channel preferences every app uses
    through ``sigap.notifications.notify``."""

    default = True
    name = "sigap.notifications"
    label = "notifications"
    verbose_name = _("Notifikasi")
    urls = "sigap.notifications.urls"
    api_router = "sigap.notifications.api:router"
    periodic_tasks = ("sigap.notifications.delivery:sweep_deliveries",)
    demo_seeder = "sigap.notifications.demo:seed"
    demo_after = ("tenancy", "accounts")

    def ready(self) -> None:
        # Registers the settings check (a misspelt adapter fails at start-up, not at
        # the first SMS).
        from sigap.accounts.backends import annotate_signed_in_user
        from sigap.notifications import checks  # noqa: F401
        from sigap.notifications.inbox import UNREAD_ON_USER, unread_on_user

        # The header's unread count rides on the signed-in user's read.
        annotate_signed_in_user(UNREAD_ON_USER, unread_on_user)
