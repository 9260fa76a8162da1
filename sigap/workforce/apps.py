from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "sigap.workforce"
    label = "workforce"
    verbose_name = "Kepegawaian (ASN)"
