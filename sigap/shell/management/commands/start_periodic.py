from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from sigap.platform.declarations import sigap_apps
from sigap.platform.periodic import ensure_scheduled


class Command(BaseCommand):
    help = (
        "Starts every periodic task the apps declare (the worker heartbeat, SLA sweeps, ...) "
        "unless a run is already queued. Idempotent: run it after every deploy."
    )

    def handle(self, *args, **options) -> None:
        for config in sigap_apps():
            for path in config.periodic_tasks:
                task = import_string(path.replace(":", "."))
                started = ensure_scheduled(task)
                state = "dijadwalkan" if started else "sudah terjadwal"
                self.stdout.write(f"{path}: {state}")
