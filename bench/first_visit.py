#!/usr/bin/env python3
"""What the first visit of each learner page costs a learner on a slow connection, as served in
production.

Starts gunicorn on 127.0.0.1 (production settings, the demo network in a throw-away SQLite
database, as bench/http_throughput.py does) with ``TREMPLIN_COMPRESS_HTML=1``, so that HTML is
gzipped as the reverse proxy does in production. Then opens each learner page in the system
Chromium, in a new browser context each time (empty cache, no connection open; logged-in pages
with the demo learner's session cookie), and prints for each:

- the bytes the visit received: every request of the page, response headers and bodies as
  encoded on the wire (``Network.loadingFinished``'s ``encodedDataLength``). Target: at most
  14 KB. On a new TCP connection a server may send 10 segments before the client's first
  acknowledgement (initial congestion window, RFC 6928), 10 × 1,460 bytes: a visit within 14 KB
  arrives in the first round trip of the response, and each further window costs one more round
  trip, 400 ms on the slow profile.
- the first paint on the slow profile (``SLOW_PROFILE`` of tremplin.core.testing.browser:
  400 kbit/s down and up, 400 ms round trip, CPU 4× slower, emulated by Chromium through the
  DevTools protocol). Target: at most 1 s. Chromium adds the round trip once per request and
  does not emulate TCP's handshake or slow start, so the figure is a lower bound of a real visit.
- the first paint unthrottled, for comparison (no target).

The first row is the project's hello-world view (12 bytes of text, one request, through the same
middleware): the floor that the emulation and the machine give any page. Over plain HTTP
Chromium asks for ``gzip, deflate`` only (Brotli only over HTTPS), so WhiteNoise serves its .gz
copies of CSS and JavaScript, as it does over HTTPS too while no Brotli copies are made (the
brotli package is not installed). Each page is visited ``--runs`` times: bytes are the largest
of the runs (compressed HTML is padded by a random length against BREACH), paint times the
median. Exits 0 only when every learner page meets both targets.

    .venv/bin/python bench/first_visit.py [--runs 5] [--workers 3] [--files]
"""

import argparse
import datetime
import os
import signal
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.http_throughput import (  # noqa: E402 (the project's root is put on the path first)
    HELLO,
    free_port,
    learner_pages,
    prepare_environment,
    start_gunicorn,
)
from tremplin.core.testing.browser import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    SLOW_PROFILE,
    FirstVisit,
    first_visit,
)

BYTES_TARGET = 14 * 1024
FIRST_PAINT_TARGET_MS = 1000


@dataclass
class Row:
    """One URL's visits: on the slow profile, then unthrottled."""

    name: str
    slow: list[FirstVisit]
    fast: list[FirstVisit]

    @property
    def heaviest(self) -> FirstVisit:
        return max(self.slow, key=lambda run: run.transferred)

    @property
    def is_light(self) -> bool:
        return self.heaviest.transferred <= BYTES_TARGET

    @property
    def is_quick(self) -> bool:
        return median_paint(self.slow) <= FIRST_PAINT_TARGET_MS


def median_paint(runs: list[FirstVisit], *, contentful: bool = False) -> float:
    """The median, or infinity when a run did not paint."""
    paints = [run.first_contentful_paint_ms if contentful else run.first_paint_ms for run in runs]
    return float("inf") if None in paints else statistics.median(paints)


def visits(browser, url: str, cookie: str, *, runs: int, profile) -> list[FirstVisit]:
    cookies = []
    if cookie:
        name, value = cookie.split("=", 1)
        cookies = [{"name": name, "value": value, "url": url}]
    return [first_visit(browser, url, cookies=cookies, profile=profile) for _run in range(runs)]


def measure(base: str, pages: list[tuple[str, str]], *, runs: int) -> list[Row]:
    """The hello-world baseline, then every page: unthrottled first (which also warms up the
    workers), then on the slow profile."""
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"Chromium {browser.version}")
        # Not counted: the browser's first context starts its network service.
        first_visit(browser, base + HELLO, profile=None)
        for page, cookie in [(HELLO, ""), *pages]:
            fast = visits(browser, base + page, cookie, runs=runs, profile=None)
            slow = visits(browser, base + page, cookie, runs=runs, profile=SLOW_PROFILE)
            rows.append(Row(page + (" (logged in)" if cookie else ""), slow, fast))
        browser.close()
    rows[0].name = "hello-world (baseline, no target)"
    return rows


def verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def print_table(rows: list[Row]) -> None:
    print(
        f"\n{'URL':64} {'files':>5} {'KB':>5} {'FP slow':>8} {'FCP slow':>9} {'FP fast':>8}"
        f" {'≤ 14 KB':>8} {'FP ≤ 1 s':>9}"
    )
    for row in rows:
        print(
            f"{row.name:64} {row.heaviest.file_count:5d} {row.heaviest.transferred / 1024:5.1f} "
            f"{median_paint(row.slow):8.0f} {median_paint(row.slow, contentful=True):9.0f} "
            f"{median_paint(row.fast):8.0f} {verdict(row.is_light):>8} {verdict(row.is_quick):>9}"
        )
    print(
        "KB: kilobytes of 1,024 bytes received, the largest of the runs. FP, FCP: first paint and "
        "first contentful paint in ms, the median of the runs."
    )


def print_files(row: Row, base: str) -> None:
    run = row.heaviest
    print(f"\n{row.name}: {run.file_count} files, {run.transferred} B")
    for url, size in sorted(run.files, key=lambda file: -file[1]):
        print(f"  {size:6d} B  {url.removeprefix(base)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--files", action="store_true", help="list the files of every page")
    args = parser.parse_args()
    print(datetime.datetime.now().astimezone().isoformat(timespec="seconds"))
    print("load average at start: " + ", ".join(f"{load:.2f}" for load in os.getloadavg()))
    with tempfile.TemporaryDirectory(prefix="tremplin-bench-") as tmp:
        env = prepare_environment(Path(tmp))
        env["TREMPLIN_COMPRESS_HTML"] = "1"
        port = free_port()
        server = start_gunicorn(env, port, args.workers)
        try:
            base = f"http://127.0.0.1:{port}"
            print(
                f"gunicorn {args.workers} sync workers, {args.runs} runs per page; slow profile: "
                f"{SLOW_PROFILE.download_kbit_s} kbit/s down, {SLOW_PROFILE.upload_kbit_s} kbit/s "
                f"up, {SLOW_PROFILE.round_trip_ms} ms round trip, CPU "
                f"{SLOW_PROFILE.cpu_slowdown}× slower"
            )
            rows = measure(base, learner_pages(env, base), runs=args.runs)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    print_table(rows)
    learner = rows[1:]
    for row in learner:
        if args.files or not (row.is_light and row.is_quick):
            print_files(row, base)
    passed = sum(row.is_light and row.is_quick for row in learner)
    print(f"\n{passed} of {len(learner)} learner pages meet both targets")
    return 0 if learner and passed == len(learner) else 1


if __name__ == "__main__":
    sys.exit(main())
