from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from sigap.shell.demo import already_seeded, seed_demo


class Command(BaseCommand):
    help = "Builds the demo pemda (Jambi, Tebo, Sawahlunto, DKI Jakarta) with one login per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=["small", "city", "province"], default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if demo data exists."
        )

    def handle(self, *args, scale: str, seed: int, if_empty: bool, **options) -> None:
        if already_seeded():
            if if_empty:
                self.stdout.write("Data demo sudah ada; tidak ada yang diubah.")
                self._print_logins(None)
                return
            self.stderr.write("Data demo sudah ada. Kosongkan basis data dulu (manage.py flush).")
            raise SystemExit(1)
        ctx = seed_demo(scale, seed)  # type: ignore[arg-type]
        for what, n in sorted(ctx.counts.items()):
            self.stdout.write(f"  {what}: {n}")
        self._print_logins(ctx.logins)

    def _print_logins(self, logins: list[tuple[str, str, str]] | None) -> None:
        from sigap.accounts.demo import demo_logins

        rows = logins if logins is not None else demo_logins()
        self.stdout.write(self.style.SUCCESS("\nLogin demo (nama pengguna / kata sandi):"))
        width = max(len(r[0]) for r in rows)
        for who, username, password in rows:
            self.stdout.write(f"  {who.ljust(width)}  {username} / {password}")
