"""Demo data: deterministic, built through the domain functions, extended by each app.

Each app declares its seeder on its ``AppConfig`` (``demo_seeder``, ``demo_after``); the
seeders run in dependency order, in one transaction.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.module_loading import import_string

from sigap.audit.context import via
from sigap.platform.dbstats import refresh_planner_statistics
from sigap.platform.declarations import SigapAppConfig, sigap_apps
from sigap.platform.demo import DemoContext, Scale
from sigap.platform.effects import after_commit
from sigap.tenancy.context import unscoped
from sigap.tenancy.models import Agency


def seeders_in_order() -> list[SigapAppConfig]:
    """Apps with a demo seeder, each after the apps it names in ``demo_after``
    (otherwise in ``INSTALLED_APPS`` order)."""
    seeding = {c.label: c for c in sigap_apps() if c.demo_seeder}
    done: list[SigapAppConfig] = []
    visiting: set[str] = set()

    def visit(config: SigapAppConfig) -> None:
        if config in done:
            return
        if config.label in visiting:
            raise ValueError(f"Demo seeders depend on each other in a cycle ({config.label})")
        visiting.add(config.label)
        for label in config.demo_after:
            if label not in seeding:
                raise ValueError(f"{config.label} seeds after {label!r}, which has no seeder")
            visit(seeding[label])
        visiting.discard(config.label)
        done.append(config)

    for config in seeding.values():
        visit(config)
    return done


def already_seeded() -> bool:
    return Agency.objects.filter(slug="jambi").exists()


def seed_demo(scale: Scale, seed: int) -> DemoContext:
    ctx = DemoContext(scale=scale, seed=seed)
    # One transaction: faster on PostgreSQL, and a failed seed leaves nothing behind.
    with transaction.atomic(), unscoped(), via("command", "seed_demo"):
        for config in seeders_in_order():
            import_string(config.demo_seeder.replace(":", "."))(ctx)
        # After the commit (so ANALYZE sees the rows): a province's million rows planned
        # without statistics made the ASN list several times slower until autovacuum
        # (PostgreSQL) or nobody (SQLite) gathered them.
        after_commit(refresh_planner_statistics)
    return ctx
