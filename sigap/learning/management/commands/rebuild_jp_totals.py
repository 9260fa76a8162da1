from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.audit.events import acting
from sigap.learning import jp
from sigap.tenancy.models import Agency


class Command(BaseCommand):
    help = (
        "Recomputes the yearly JP totals (JpTotal) from the JP credits, for one pemda or "
        "all, and sets aside the stored 'N of M' counts of the below-target lists "
        "(recounted on their next reading); audited (event 'total JP dibangun ulang', "
        "channel command)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", help="slug of the pemda (default: every pemda)")
        parser.add_argument("--by", help="username of who asked for the repair (the actor)")

    def handle(self, *args: Any, agency: str | None, by: str | None, **options: Any) -> None:
        user = None
        if by:
            user = get_user_model().objects.filter(username=by).first()
            if user is None:
                raise CommandError(f"Pengguna {by!r} tidak ada.")
        agencies = Agency.objects.order_by("slug")
        if agency:
            agencies = agencies.filter(slug=agency)
            if not agencies.exists():
                raise CommandError(f"Pemda {agency!r} tidak ada.")
        with acting(user, channel_name="command", path="rebuild_jp_totals"):
            for item in agencies:
                wrong = jp.rebuild_totals(item, by=user)
                self.stdout.write(f"{item.slug}: {wrong} total JP diperbaiki.")
