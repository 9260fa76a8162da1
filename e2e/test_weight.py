"""The public home page stays light: under 100 KB on first load, all from Sigap's own host.

Citizens open Sigap on cheap phones over metered mobile data. The figure counts bytes on the
wire (compressed bodies plus headers) as chromium's network stack reports them
(``Network.loadingFinished.encodedDataLength``), cross-checked with the Resource Timing API.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from e2e.live import PHONE, LiveApp

pytestmark = pytest.mark.browser

BUDGET = 100 * 1024  # bytes


def test_home_first_load_is_under_100_kb_from_own_host(
    browser: Browser, live_app: LiveApp, capsys: pytest.CaptureFixture[str]
) -> None:
    context = browser.new_context(base_url=live_app.url, locale="id-ID", **PHONE)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))

        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        urls: dict[str, str] = {}
        wire: dict[str, int] = {}
        failed: list[str] = []
        cdp.on(
            "Network.requestWillBeSent",
            lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]),
        )
        cdp.on(
            "Network.loadingFinished",
            lambda e: wire.__setitem__(e["requestId"], int(e["encodedDataLength"])),
        )
        cdp.on("Network.loadingFailed", lambda e: failed.append(urls.get(e["requestId"], "?")))

        response = page.goto("/", wait_until="networkidle")
        assert response is not None and response.status == 200
        timing: list[dict[str, object]] = page.evaluate(
            """() => performance.getEntriesByType('navigation')
                 .concat(performance.getEntriesByType('resource'))
                 .map(e => ({name: e.name, transferSize: e.transferSize,
                             encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize}))"""
        )
    finally:
        context.close()

    cdp_total = sum(wire.values())
    timing_total = sum(int(e["transferSize"]) for e in timing)  # type: ignore[call-overload]
    report = "\n".join(
        f"  {wire[rid]:>7} B  {urls.get(rid, '?')}"
        for rid in sorted(wire, key=wire.__getitem__, reverse=True)
        if not urls.get(rid, "").startswith("data:")
    )
    with capsys.disabled():  # the figure belongs in the run's output, pass or fail
        print(
            f"\nHome page first load: {cdp_total} bytes on the wire ({cdp_total / 1024:.1f} KiB) "
            f"in {len(wire)} responses; Resource Timing transferSize: {timing_total} bytes\n{report}"
        )

    foreign = [u for u in [*requested, *urls.values()] if not live_app.is_own(u)]
    assert not foreign, f"requests to other hosts: {sorted(set(foreign))}"
    assert not failed, f"failed requests: {failed}"
    assert wire, "no network traffic recorded"
    assert cdp_total < BUDGET, f"home page is {cdp_total} bytes on first load (budget {BUDGET})"
    assert timing_total < BUDGET, f"Resource Timing says {timing_total} bytes (budget {BUDGET})"
