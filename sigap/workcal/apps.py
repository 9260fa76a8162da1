from django.apps import AppConfig


class WorkcalConfig(AppConfig):
    name = "sigap.workcal"
    label = "workcal"
    verbose_name = "Kalender hari kerja"
