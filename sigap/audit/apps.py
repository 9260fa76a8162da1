from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AuditConfig(AppConfig):
    name = "sigap.audit"
    label = "audit"
    verbose_name = gettext_lazy("Jejak audit")

    def ready(self) -> None:
        from sigap.audit.registry import register_domain_models

        register_domain_models()
