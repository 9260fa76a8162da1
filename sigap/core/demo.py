"""Demo data: deterministic, built through the domain functions, extended by each app.

Each app that has demo data exposes ``seed(ctx: DemoContext) -> None`` in its ``demo``
module and is listed in ``SEEDERS`` in the order they depend on each other.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field
from typing import Literal

from faker import Faker

Scale = Literal["small", "city", "province"]

SEEDERS = [
    "sigap.tenancy.demo",
    "sigap.accounts.demo",
    "sigap.workcal.demo",
    "sigap.workforce.demo",
]

DEMO_PASSWORD = "sigap-demo-2026"  # noqa: S105 - printed for the demo on purpose


@dataclass
class DemoContext:
    scale: Scale
    seed: int
    rng: random.Random = field(init=False)
    faker: Faker = field(init=False)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (who, username, password)
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.faker = Faker("id_ID")
        self.faker.seed_instance(self.seed)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


def already_seeded() -> bool:
    from sigap.tenancy.models import Agency

    return Agency.objects.filter(slug="jambi").exists()


def seed_demo(scale: Scale, seed: int) -> DemoContext:
    from django.db import transaction

    from sigap.audit.context import via
    from sigap.tenancy.context import unscoped

    ctx = DemoContext(scale=scale, seed=seed)
    # One transaction: faster on PostgreSQL, and a failed seed leaves nothing behind.
    with transaction.atomic(), unscoped(), via("command", "seed_demo"):
        for module_path in SEEDERS:
            importlib.import_module(module_path).seed(ctx)
    return ctx
