from __future__ import annotations

from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from sigap.shell.tasks import heartbeat


class Command(BaseCommand):
    help = "Queues the worker heartbeat task unless one is already pending (idempotent)."

    def handle(self, *args, **options) -> None:
        if not DBTaskResult.objects.filter(
            task_path=heartbeat.module_path, status="READY"
        ).exists():
            heartbeat.enqueue()
            self.stdout.write("Detak worker dijadwalkan.")
