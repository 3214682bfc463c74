#!/usr/bin/env python3
"""Server cost of learner and staff pages against a hello-world view of the same project, in one
run.

Starts gunicorn on 127.0.0.1 (production settings, the demo network in a throw-away SQLite
database, or PostgreSQL when DATABASE_URL is set), then sends a bounded load with wrk
(`apt-get install wrk`): for each URL, 32 concurrent connections for a few seconds. Prints
requests/s, p50 and p95 latency, and the throughput ratio hello-world / page, for learner pages
(against their targets) and for staff pages (a coordinator with the second factor given), then
hello-world again (the machine's drift within the run) and the resident memory of the warmed-up
workers.

    .venv/bin/python bench/http_throughput.py [--seconds 10] [--connections 32] [--workers 4]
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HELLO = "/bench/hello"
# Learner pages: what a learner or an anonymous visitor opens, public or logged in ({code} is a
# diagnostic sitting in progress). A page that does not answer 200 is left out of the table.
PUBLIC_PAGES = [
    "/",
    "/accounts/login/",
    "/places/",
    "/places/?where=67100",
    "/diagnostic/",
    "/diagnostic/t/{code}/",
    "/learn/login/",
    "/learn/verify/",
]
LOGGED_IN_PAGES = [
    "/learn/",
    "/learn/pathways/premiers-pas/",
    "/learn/modules/gestes-tactiles/",
    "/learn/modules/gestes-tactiles/01-toucher/",
    "/learn/modules/gestes-tactiles/03-exercice-toucher/",
]
# Staff pages, as the demo coordinator of Strasbourg ({person}: the person of their spaces with
# the most helps recorded, {sitting}: a finished diagnostic of one of them).
STAFF_PAGES = [
    "/people/{person}/",
    "/people/",
    "/people/?q=mar",
    "/people/journal/",
    "/diagnostic/suivi/{sitting}/",
]
# Prints session keys of the demo learner and of the demo coordinator (second factor given), the
# resume code of a diagnostic in progress, and the ids of STAFF_PAGES.
FIXTURES = """
from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count
from tremplin.core.testing.clients import verify_second_factor
from tremplin.diagnostic.models import DiagnosticSession
from tremplin.diagnostic.services import start_session, record_screening
from tremplin.people.models import Person
from tremplin.spaces.models import Organisation

def session_of(username):
    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    if user.requires_second_factor:
        verify_second_factor(session, user)
    return user, session.session_key

learner, learner_key = session_of("apprenant")
staff, staff_key = session_of("coord-strasbourg")
people = Person.objects.visible_to(staff)
person = people.annotate(helps=Count("accompaniments")).order_by("-helps", "pk").first()
finished = DiagnosticSession.objects.visible_to(staff).finished().filter(person__in=people)
sitting = start_session(Organisation.objects.get(slug="reseau-tremplin"), language="fr")
record_screening(sitting, has_smartphone=True, email_use="with_help")
print("FIXTURES", learner_key, sitting.resume_code, staff_key, person.pk, finished.first().pk)
"""
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.0f %.0f %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_environment(workdir: Path) -> dict:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "ROOT_URLCONF": "bench.urls",
        "TREMPLIN_VAR_DIR": str(workdir),
        "LOG_LEVEL": "ERROR",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    for command in (
        ["migrate", "--noinput"],
        ["createcachetable"],
        ["collectstatic", "--noinput"],
        ["build_places_index"],
        ["seed_demo", "--force"],
    ):
        subprocess.run([PYTHON, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True)
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", FIXTURES],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    (
        _word,
        env["BENCH_SESSION"],
        env["BENCH_CODE"],
        env["BENCH_STAFF_SESSION"],
        env["BENCH_PERSON"],
        env["BENCH_SITTING"],
    ) = re.search(r"FIXTURES .*", output).group(0).split()
    return env


def start_gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "tremplin.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{HELLO}", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def status_of(url: str, cookie: str = "") -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        return urllib.request.build_opener(_NoRedirect).open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


def learner_pages(env: dict, base: str) -> list[tuple[str, str]]:
    """(path, cookie) of every learner page that answers 200 at ``base``: the cookie is the
    demo learner's session for logged-in pages, empty for public ones."""
    cookie = f"sessionid={env['BENCH_SESSION']}"
    pages = [(page.format(code=env["BENCH_CODE"]), "") for page in PUBLIC_PAGES]
    pages += [(page, cookie) for page in LOGGED_IN_PAGES]
    return [(page, c) for page, c in pages if status_of(base + page, c) == 200]


def load(url: str, *, seconds: int, connections: int, script: Path, cookie: str = "") -> dict:
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    output = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "-s",
            str(script),
            *headers,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    requests, duration_us, p50_us, p95_us, errors = map(
        int, map(float, re.search(r"RESULT (.*)", output).group(1).split())
    )
    return {
        "rps": requests / (duration_us / 1e6),
        "p50": p50_us / 1000,
        "p95": p95_us / 1000,
        "errors": errors,
    }


def worker_memory_mb(server: subprocess.Popen) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children), in MB."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(server.pid):
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


def cost(hello: dict, row: dict) -> float:
    return hello["rps"] / row["rps"] if row["rps"] else float("inf")


def print_table(title: str, rows: list[tuple[str, dict]], hello: dict) -> None:
    print(f"\n{title}")
    print(
        f"{'URL':44} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'cost vs hello':>14} {'errors':>7}"
    )
    for name, row in rows:
        print(
            f"{name:44} {row['rps']:8.0f} {row['p50']:8.1f} {row['p95']:8.1f} "
            f"{cost(hello, row):14.2f} {row['errors']:7d}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    with tempfile.TemporaryDirectory(prefix="tremplin-bench-") as tmp:
        workdir = Path(tmp)
        env = prepare_environment(workdir)
        script = workdir / "report.lua"
        script.write_text(WRK_SCRIPT)
        port = free_port()
        server = start_gunicorn(env, port, args.workers)
        try:
            base = f"http://127.0.0.1:{port}"
            pages = learner_pages(env, base)
            staff_cookie = f"sessionid={env['BENCH_STAFF_SESSION']}"
            staff_pages = [
                page.format(person=env["BENCH_PERSON"], sitting=env["BENCH_SITTING"])
                for page in STAFF_PAGES
            ]
            staff_pages = [p for p in staff_pages if status_of(base + p, staff_cookie) == 200]
            print(
                f"gunicorn {args.workers} sync workers, wrk {args.connections} connections, "
                f"{args.seconds} s per URL, database {env['DATABASE_URL'].split(':')[0]}"
            )

            def measure(page: str, page_cookie: str = "") -> dict:
                return load(
                    base + page,
                    seconds=args.seconds,
                    connections=args.connections,
                    script=script,
                    cookie=page_cookie,
                )

            hello = measure(HELLO)
            rows = [("hello-world (baseline)", hello)]
            for page, page_cookie in pages:
                rows.append(
                    (page + (" (logged in)" if page_cookie else ""), measure(page, page_cookie))
                )
            staff_rows = [(page, measure(page, staff_cookie)) for page in staff_pages]
            # Again at the end: this machine's speed drifts within a run, and every cost is
            # against the first measure.
            hello_again = measure(HELLO)
            memory = worker_memory_mb(server)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    print_table("Learner pages", rows, hello)
    print_table("Staff pages (coordinator)", staff_rows, hello)
    drift = hello_again["rps"] / hello["rps"] - 1 if hello["rps"] else 0.0
    print(
        f"\nhello-world again at the end: {hello_again['rps']:.0f} requests/s "
        f"({drift:+.0%} from the start; costs are against the start)"
    )
    ratios = [cost(hello, row) for _name, row in rows[1:]]
    worst_p95 = max(row["p95"] for _name, row in rows[1:])
    median_ratio, worst_ratio = statistics.median(ratios), max(ratios)
    print(
        f"median learner page costs {median_ratio:.2f}× hello-world (target ≤ 2): "
        f"{'PASS' if median_ratio <= 2 else 'FAIL'}"
    )
    print(
        f"worst learner page costs {worst_ratio:.2f}× hello-world (target ≤ 4): "
        f"{'PASS' if worst_ratio <= 4 else 'FAIL'}"
    )
    print(
        f"worst learner-page p95 {worst_p95:.1f} ms with {args.connections} clients "
        f"(target < 100 ms): {'PASS' if worst_p95 < 100 else 'FAIL'}"
    )
    if memory:
        print(
            f"resident memory of the {len(memory)} warmed-up workers: "
            + ", ".join(f"{size:.0f}" for size in memory)
            + f" MB (target < 80 MB each): {'PASS' if memory[-1] < 80 else 'FAIL'}"
        )


if __name__ == "__main__":
    main()
