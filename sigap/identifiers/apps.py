from django.apps import AppConfig


class IdentifiersConfig(AppConfig):
    name = "sigap.identifiers"
    label = "identifiers"
    verbose_name = "Identitas (NIK, NIP)"
