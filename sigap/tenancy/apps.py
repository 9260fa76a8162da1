from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "sigap.tenancy"
    label = "tenancy"
    verbose_name = "Pemda dan organisasi"
