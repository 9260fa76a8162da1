from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sigap.audit"
    label = "audit"
    verbose_name = "Jejak audit"

    def ready(self) -> None:
        from sigap.audit.registry import register_domain_models

        register_domain_models()
