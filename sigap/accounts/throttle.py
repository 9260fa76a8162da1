"""Per-address rate limits for the anonymous account pages (issue 8, item 4).

Registration, login and account recovery each allow a number of attempts per client
address in a sliding window; past it the page answers 429. Counters live in Django's
cache: with several worker processes, configure a shared cache (``CACHES``, see
docs/operations.md) or each process counts on its own. The lock-out per account
(django-axes, ``login_identity``) stays as it is; this limit is per address only, set
high enough that an office behind one NAT address is not locked out by typos.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int
    window_seconds: int


def _limits() -> dict[str, Limit]:
    window = settings.SIGAP_RATE_WINDOW_SECONDS
    return {
        "register": Limit("register", settings.SIGAP_RATE_REGISTER, window),
        "login": Limit("login", settings.SIGAP_RATE_LOGIN, window),
        "recover": Limit("recover", settings.SIGAP_RATE_RECOVER, window),
    }


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(request: HttpRequest, name: str) -> bool:
    """Count one attempt of ``name`` from this request's address; False once the
    address is over its limit for the current window."""
    limit = _limits()[name]
    bucket = int(time.time() // limit.window_seconds)
    key = f"sigap:rate:{name}:{client_address(request)}:{bucket}"
    cache.add(key, 0, timeout=limit.window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=limit.window_seconds)
        count = 1
    return count <= limit.attempts
