from __future__ import annotations

import datetime as dt
import random


def fake_nik(rng: random.Random, province: str, birth: dt.date, *, female: bool) -> str:
    """A well-formed NIK for demo data: real province code, day+40 for women."""
    regency = f"{rng.randint(1, 20):02d}"
    district = f"{rng.randint(1, 30):02d}"
    day = birth.day + (40 if female else 0)
    return f"{province}{regency}{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{rng.randint(1, 9999):04d}"
