"""Browser checks for every page: axe-core (WCAG 2.1 A/AA) and the weight budgets of PRODUCT.md.

Weights are what a first visit transfers, each response compressed with gzip (as WhiteNoise
serves static files and as the reverse proxy serves HTML in production).

``first_visit`` measures a real first visit instead (bytes on the wire, first paint) on a slow
profile emulated by Chromium: the benchmark bench/first_visit.py prints it for learner pages.
"""

import gzip
import os
from dataclasses import dataclass, field
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

LEARNER_PAGE_BUDGET = 30 * 1024
LEARNER_HTML_BUDGET = 14 * 1024
LEARNER_SCRIPT_BUDGET = 10 * 1024
STAFF_PAGE_BUDGET = 100 * 1024

_axe = Axe()


@dataclass(frozen=True)
class ThrottleProfile:
    """A connection and a device, as Chromium emulates them through the DevTools protocol.

    The round trip is added once per request, before its response starts: Chromium does not
    emulate TCP's handshake or slow start."""

    download_kbit_s: int
    upload_kbit_s: int
    round_trip_ms: int
    cpu_slowdown: int


# A poor mobile connection (weak 3G, a crowded network) on a low-end phone.
SLOW_PROFILE = ThrottleProfile(
    download_kbit_s=400, upload_kbit_s=400, round_trip_ms=400, cpu_slowdown=4
)


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


def browser_tests_required() -> bool:
    """In CI a missing browser fails the run; on a laptop without Chromium the tests skip."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@dataclass
class PageWeight:
    total: int = 0
    html: int = 0
    scripts: int = 0
    files: list[tuple[str, int]] = field(default_factory=list)
    broken: list[tuple[str, int]] = field(default_factory=list)  # sub-resources that failed


@dataclass
class FirstVisit:
    """What a first visit (empty cache) transferred and when it first painted."""

    url: str
    status: int  # of the page itself, after redirects
    transferred: int  # bytes received: response headers and bodies, as encoded on the wire
    first_paint_ms: float | None
    first_contentful_paint_ms: float | None
    files: list[tuple[str, int]] = field(default_factory=list)  # (URL, bytes received)

    @property
    def file_count(self) -> int:
        return len(self.files)


def compressed_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6))


def visit(page, url: str) -> PageWeight:
    """Opens ``url`` in ``page`` and returns what the visit transferred, compressed."""
    responses = []

    def record(response):
        responses.append(response)

    page.on("response", record)
    page.goto(url, wait_until="load")
    page.remove_listener("response", record)
    weight = PageWeight()
    for response in responses:
        if response.status >= 300 and response.status < 400:
            continue
        if response.status >= 400 and response.request.resource_type != "document":
            weight.broken.append((response.url, response.status))
        try:
            body = response.body()
        except PlaywrightError:
            # A late response of the previous document (it was navigated away from): not part
            # of this page, which is loaded and still current.
            continue
        size = compressed_size(body)
        weight.total += size
        weight.files.append((response.url, size))
        kind = response.request.resource_type
        if kind == "document":
            weight.html += size
        elif kind == "script":
            weight.scripts += size
    return weight


def axe_violations(page) -> list[str]:
    """Readable lines, one per violated rule and element; empty when the page passes."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    lines = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            lines.append(f"{violation['id']}: {violation['help']} at {node['target']}")
    return lines


def assert_learner_page(page, url: str, *, nojs_page=None) -> PageWeight:
    """A learner page: no axe violation, ≤ 30 KB (HTML ≤ 14 KB, scripts ≤ 10 KB), and, when a
    page without JavaScript is given, the same main heading without scripts."""
    weight = visit(page, url)
    assert not weight.broken, f"{url}: files that did not load {weight.broken}"
    violations = axe_violations(page)
    assert not violations, f"{url}: axe violations\n" + "\n".join(violations)
    assert weight.total <= LEARNER_PAGE_BUDGET, f"{url}: {weight.total} B > 30 KB {weight.files}"
    assert weight.html <= LEARNER_HTML_BUDGET, f"{url}: HTML {weight.html} B > 14 KB"
    assert weight.scripts <= LEARNER_SCRIPT_BUDGET, f"{url}: scripts {weight.scripts} B > 10 KB"
    if nojs_page is not None:
        nojs_page.goto(url)
        heading = nojs_page.locator("main h1").first.inner_text()
        assert heading == page.locator("main h1").first.inner_text(), f"{url} differs without JS"
    return weight


def assert_staff_page(page, url: str) -> PageWeight:
    """A staff page: no axe violation and at most 100 KB."""
    weight = visit(page, url)
    assert not weight.broken, f"{url}: files that did not load {weight.broken}"
    violations = axe_violations(page)
    assert not violations, f"{url}: axe violations\n" + "\n".join(violations)
    assert weight.total <= STAFF_PAGE_BUDGET, f"{url}: {weight.total} B > 100 KB {weight.files}"
    return weight


def first_visit(
    browser,
    url: str,
    *,
    cookies: list[dict] | None = None,
    profile: ThrottleProfile | None = SLOW_PROFILE,
) -> FirstVisit:
    """Opens ``url`` in a new browser context (empty cache, no connection open), with
    ``cookies`` set and ``profile`` emulated (``None``: not throttled), and returns the bytes
    received for every request of the page (``Network.loadingFinished``) and its paint timings.

    The context runs JavaScript: the paint timings are read through ``page.evaluate``, which
    never returns in a context without it."""
    context = browser.new_context(locale="fr-FR")
    try:
        if cookies:
            context.add_cookies(cookies)
        page = context.new_page()
        session = context.new_cdp_session(page)
        urls: dict[str, str] = {}
        files: list[tuple[str, int]] = []

        def request_sent(event):
            redirect = event.get("redirectResponse")
            if redirect:  # the request goes on to the redirect's target under the same id
                files.append((redirect["url"], int(redirect.get("encodedDataLength", 0))))
            urls[event["requestId"]] = event["request"]["url"]

        def loading_finished(event):
            url = urls.get(event["requestId"], "")
            if not url.startswith("data:"):  # a data: URL is part of the file that holds it
                files.append((url, int(event["encodedDataLength"])))

        session.on("Network.requestWillBeSent", request_sent)
        session.on("Network.loadingFinished", loading_finished)
        session.send("Network.enable")
        if profile is not None:
            session.send(
                "Network.emulateNetworkConditions",
                {
                    "offline": False,
                    "latency": profile.round_trip_ms,
                    "downloadThroughput": profile.download_kbit_s * 1000 / 8,
                    "uploadThroughput": profile.upload_kbit_s * 1000 / 8,
                },
            )
            session.send("Emulation.setCPUThrottlingRate", {"rate": profile.cpu_slowdown})
        response = page.goto(url, wait_until="load")
        # What the page fetches after its load event (the icon, a script's request) is part of
        # the visit too.
        page.wait_for_load_state("networkidle")
        paints = {
            entry["name"]: entry["startTime"]
            for entry in page.evaluate(
                "performance.getEntriesByType('paint')"
                ".map(entry => ({name: entry.name, startTime: entry.startTime}))"
            )
        }
        session.detach()
    finally:
        context.close()
    return FirstVisit(
        url=url,
        status=response.status if response else 0,
        transferred=sum(size for _url, size in files),
        first_paint_ms=paints.get("first-paint"),
        first_contentful_paint_ms=paints.get("first-contentful-paint"),
        files=files,
    )
