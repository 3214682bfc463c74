"""Project-wide guards: no page is public by accident, no migration is missing, no template is dead."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]

# Pages anyone may open without an account, one URL name at a time, each with its reason.
PUBLIC_URL_NAMES = {
    "core:home": "the front page",
    "healthz": "the health check of the load balancer",
    "set_language": "choosing French or English before logging in",
    "accounts:login": "the staff login",
    "spaces:directory": "where can I get help near me",
    "spaces:directory_space": "a place of the directory",
    "spaces:invitation_accept": "an invited helper makes their account, by a one-time link",
    "opendata:index": "what the open data holds and under which licence",
    "opendata:datapackage": "the open data's data package descriptor",
    "opendata:di_structures": "public places in the data·inclusion standard",
    "opendata:di_services": "public services in the data·inclusion standard",
    "opendata:lmn_csv": "public places in the lieux de médiation numérique standard (CSV)",
    "opendata:lmn_json": "public places in the lieux de médiation numérique standard (JSON)",
    "diagnostic:start": "the diagnostic can be taken alone, without an account",
    "diagnostic:session_resume": "coming back to a test with its resume code",
    "diagnostic:session_screening": "the first questions of a test taken alone",
    "diagnostic:session_question": "a question of a test taken alone",
    "diagnostic:session_result": "the result, reached by its unguessable share link",
    "diagnostic:session_result_email": "sending one's own result to oneself",
    "learning:code_login": "learners log in with a username and a code",
    "learning:card_login": "learners log in with the QR card a helper printed",
    "learning:certificate_verify": "anyone checks a certificate's code",
    "learning:picture": "the pictures of lessons (no personal data)",
    "learning:module_detail": "a module starts without an account, progress in the session",
    "learning:page_detail": "a lesson or exercise without an account, progress in the session",
    "simulators:index": "the simulators can be tried without an account",
    "simulators:simulator_detail": "starting a simulator without an account",
    "simulators:screen": "a screen of a simulator, in the visitor's own session",
    "simulators:attempt_finish": "finishing one's own attempt",
    "simulators:attempt_result": "the feedback on one's own attempt",
    "simulators:sample_file": "the practice files (made up, the same for everyone)",
    "simulators:upload_file": "one's own file, only from one's own attempt",
    "workshops:agenda": "the public agenda of workshops",
    "workshops:session_detail": "a workshop of the agenda",
    "workshops:booking_create": "booking a seat without an account",
    "workshops:booking_detail": "a booking, reached by its code",
    "workshops:booking_find": "finding one's booking with its code",
    "workshops:booking_cancel": "cancelling with the booking code",
    "workshops:booking_move": "changing the date with the booking code",
    "workshops:satisfaction_create": "the satisfaction question, reached by the booking code",
    "workshops:calendar_feed": "calendar feeds behind an unguessable, revocable token",
    "impact:follow_up_answer": "a person's 3- or 6-month follow-up, behind a secret link",
    "partners:invitation_accept": "an invited adviser chooses a password, by a one-time link",
}


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            nested = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace == "admin":
                continue
            yield from _named_patterns(pattern, nested)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def _is_public(view) -> bool:
    return getattr(view, "login_required", True) is False


def test_no_view_is_public_unless_allowlisted():
    unexpected = []
    public = set()
    for name, pattern in _named_patterns():
        if _is_public(pattern.callback):
            public.add(name)
            if name not in PUBLIC_URL_NAMES:
                unexpected.append(name)
    assert not unexpected, f"public without being allowlisted: {unexpected}"
    assert set(PUBLIC_URL_NAMES) <= public, "allowlisted but no longer public"


def test_an_anonymous_visitor_is_sent_to_login_from_a_private_page(client, db):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_no_migration_is_missing(db):
    output = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output)
    except SystemExit as exit_:  # makemigrations --check exits 1 when a migration is missing
        pytest.fail(f"missing migration:\n{output.getvalue()} ({exit_})")


def test_every_template_is_used():
    sources = "\n".join(
        path.read_text(encoding="utf-8")
        for path in ROOT.rglob("*")
        if path.suffix in {".py", ".html", ".txt"} and "migrations" not in path.parts
    )
    unused = []
    for template in ROOT.rglob("templates/**/*.html"):
        name = template.relative_to(_templates_dir(template)).as_posix()
        if name in {
            "base.html",
            "400.html",
            "403.html",
            "404.html",
            "500.html",
        }:
            continue
        if not re.search(rf"[\"'#]{re.escape(name)}[\"'#]", sources):
            unused.append(name)
    assert not unused, f"templates never referenced: {unused}"


def _templates_dir(template: Path) -> Path:
    for parent in template.parents:
        if parent.name == "templates":
            return parent
    raise ValueError(template)
