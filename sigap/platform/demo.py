"""The demo's shared state: one seeded random source and Faker, logins and counts.

Each app's demo seeder receives a ``DemoContext``; ``seed_demo`` (the shell) runs them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Literal

from faker import Faker

Scale = Literal["small", "city", "province"]

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
