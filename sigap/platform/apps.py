from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PlatformConfig(AppConfig):
    """The platform layer: access, API base, pagination, forms, admin bases, transitions,
    the bulk writer, xlsx and the app declarations. An app only for its templates and
    the back office's site-wide access rule (``admin.py``)."""

    name = "sigap.platform"
    label = "platform"
    verbose_name = gettext_lazy("Platform")

    def ready(self) -> None:
        from sigap.platform import checks  # noqa: F401 - registers the start-up checks
