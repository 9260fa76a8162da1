"""What the journeys share with their fixtures: the running app, browser settings, logins."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "sigap-demo-2026"
PHONE = {
    "viewport": {"width": 360, "height": 780},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
START_TIMEOUT = 60.0
# How long the task worker may take to run its first heartbeat after it starts.
WORKER_START_TIMEOUT = 60.0


@dataclass(frozen=True)
class LiveApp:
    url: str  # http://127.0.0.1:<port>, no trailing slash
    log: Path
    worker_log: Path | None = None  # the task worker's output (``manage.py db_worker``)

    def logs_tail(self, chars: int = 4000) -> str:
        """The end of the server's and the worker's logs, for a failure message."""
        parts = []
        for name, path in (("server", self.log), ("worker", self.worker_log)):
            if path is not None and path.exists():
                text = path.read_text(encoding="utf-8", errors="replace")[-chars:]
                parts.append(f"--- {name} log ({path}) ---\n{text}")
        return "\n".join(parts)

    @property
    def netloc(self) -> str:
        return urlsplit(self.url).netloc

    def is_own(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in {"data", "blob", "about"} or (
            parts.scheme == self.url.split(":", 1)[0] and parts.netloc == self.netloc
        )


@dataclass
class PageWatch:
    """What a page did that a journey must not do."""

    foreign_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [f"request to another host: {u}" for u in self.foreign_requests] + [
            f"JavaScript error: {e}" for e in self.page_errors
        ]
