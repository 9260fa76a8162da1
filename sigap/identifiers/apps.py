from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class IdentifiersConfig(AppConfig):
    name = "sigap.identifiers"
    label = "identifiers"
    verbose_name = gettext_lazy("Identitas (NIK, NIP)")
