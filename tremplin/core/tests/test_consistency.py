"""Project-wide guards: no page is public by accident, no migration is missing, no template is dead."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]

# Pages anyone may open without an account, by URL name.
PUBLIC_URL_NAMES = {
    "core:home",
    "healthz",
    "set_language",
    "accounts:login",
    "spaces:directory",
    "spaces:directory_space",
}
PUBLIC_URL_NAMES_BY_APP = {
    # Apps with public pages list them here, with the reason in their views.
    "diagnostic": "the diagnostic can be taken alone, without an account",
    "learning": "certificate verification and the learner code login are public",
    "workshops": "public booking without an account",
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
    for name, pattern in _named_patterns():
        app = name.split(":")[0]
        if (
            _is_public(pattern.callback)
            and name not in PUBLIC_URL_NAMES
            and app not in PUBLIC_URL_NAMES_BY_APP
        ):
            unexpected.append(name)
    assert not unexpected, f"public without being allowlisted: {unexpected}"


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
