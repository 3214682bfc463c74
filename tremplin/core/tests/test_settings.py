import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tremplin.core.env import env_bool, env_int, env_list
from tremplin.core.testing.environment import TEST_ENVIRONMENT

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-key-4f9c2e7b1d8a6f3e0c5b9a2d7e4f1c8b6a3d0e9f",
    "ALLOWED_HOSTS": "tremplin.example.org",
    "DATABASE_URL": "sqlite:////tmp/tremplin-deploy-check.sqlite3",
}


def run_manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    # Production settings: none of the test run's environment, only what a deployment sets.
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", *TEST_ENVIRONMENT}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_hashes_passwords_with_argon2():
    # The test run hashes with MD5 for speed (core.testing.environment); production must not.
    command = "from django.contrib.auth.hashers import make_password; print(make_password('x'))"
    result = run_manage("shell", "--command", command, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("argon2$argon2id$")


def test_settings_refuse_to_load_without_secret_key_when_debug_is_off():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_malformed_boolean_stops_start_up(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG must be a boolean"):
        env_bool("SOME_FLAG")


def test_environment_readers_accept_files_for_secrets(monkeypatch, tmp_path):
    secret = tmp_path / "count"
    secret.write_text("42\n")
    monkeypatch.setenv("SOME_COUNT_FILE", str(secret))
    monkeypatch.setenv("SOME_LIST", "a, b,,c")
    assert env_int("SOME_COUNT", 1) == 42
    assert env_list("SOME_LIST") == ["a", "b", "c"]


def test_production_pages_carry_a_strict_content_security_policy(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
