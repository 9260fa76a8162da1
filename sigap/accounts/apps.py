from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sigap.accounts"
    label = "accounts"
    verbose_name = "Akun dan peran"
