"""Pytest plugin loaded first (``-p`` in pyproject.toml): the environment of a test run.

Tests use the production settings module, with only what a plain-HTTP test server needs changed.
Values already in the environment win, so CI can point DATABASE_URL at PostgreSQL.
"""

import os

TEST_ENVIRONMENT = {
    "SECRET_KEY": "test-only-secret-key-not-used-anywhere-else-0123456789",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    # Argon2 takes tens of milliseconds per hash by design, and every persona has a password.
    # Production keeps Argon2: test_settings checks it.
    "TREMPLIN_PASSWORD_HASHERS": "django.contrib.auth.hashers.MD5PasswordHasher",
    # Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
    # test itself (fixtures, assertions) are still synchronous and safe.
    "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
}

for name, value in TEST_ENVIRONMENT.items():
    os.environ.setdefault(name, value)
