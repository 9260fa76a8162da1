from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy


class WorkerHeartbeat(models.Model):
    """One row, touched by the heartbeat task each time a worker runs it."""

    beat_at = models.DateTimeField(gettext_lazy("detak terakhir"))
    worker_note = models.CharField(gettext_lazy("catatan worker"), max_length=200, blank=True)

    class Meta:
        verbose_name = gettext_lazy("detak worker")
        verbose_name_plural = gettext_lazy("detak worker")

    def __str__(self) -> str:
        return f"heartbeat {self.beat_at:%Y-%m-%d %H:%M:%S}"
