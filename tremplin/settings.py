"""Tremplin settings: one module, every value from the environment (see .env.example).

Defaults are safe for production: DEBUG is off, and without DEBUG a SECRET_KEY must be given.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from tremplin.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TREMPLIN_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    # Tremplin, in dependency order: an app imports only the apps above it.
    "tremplin.core",
    "tremplin.accounts",
    "tremplin.spaces",
    "tremplin.people",
    # Activity apps: they import the apps above, never each other.
    "tremplin.diagnostic",
    "tremplin.learning",
    "tremplin.accompaniment",
    "tremplin.workshops",
    "tremplin.simulators",
    "tremplin.solidarity",
    # Above the activity apps: a referral's status is a view across them (decision 0010).
    "tremplin.partners",
    # Reads every app above; nothing imports it. Keep it last among Tremplin apps.
    "tremplin.impact",
    # Publishes the public places in the national open-data standards; nothing imports it.
    "tremplin.opendata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tremplin.core.middleware.RejectUnsafeInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tremplin.core.middleware.PrivateResponsesMiddleware",
    "tremplin.accounts.middleware.VerifiedDeviceMiddleware",
    "tremplin.spaces.middleware.SessionScopeMiddleware",
    "tremplin.accounts.middleware.StaffIdleTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "tremplin.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "tremplin.core.styles.InlineStylesMiddleware",
    "axes.middleware.AxesMiddleware",
]
# HTML compressed by the application, for a deployment whose reverse proxy does not (README
# "Production"). Django's GZipMiddleware, outermost so that it compresses the final response; it
# pads each compressed page by a random length (BREACH mitigation, as pages carry a CSRF token).
# Static files pass through: WhiteNoise answers with its .gz copies, already marked as encoded.
if env_bool("TREMPLIN_COMPRESS_HTML", False):
    MIDDLEWARE.insert(0, "django.middleware.gzip.GZipMiddleware")

ROOT_URLCONF = env_str("ROOT_URLCONF", "tremplin.urls")
WSGI_APPLICATION = "tremplin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tremplin.core.context_processors.site",
            ],
        },
    }
]

# Database: SQLite in var/ by default, PostgreSQL (psycopg 3) through DATABASE_URL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
# Connections are kept for a minute, SQLite's too: opening one per request (and SQLite reading
# its schema again on the first query) cost more than the queries of a lesson page (decision 0016).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tremplin.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts and security
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2 for new hashes. The test run sets a fast hasher here (core.testing.environment).
PASSWORD_HASHERS = env_list(
    "TREMPLIN_PASSWORD_HASHERS",
    [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ],
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "core:home"

# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, e.g. 127.0.0.1):
# every limit per address, axes' included, reads the client address through
# tremplin.core.addresses.client_address.
TREMPLIN_TRUSTED_PROXIES = env_list("TREMPLIN_TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "tremplin.core.addresses.client_address"
AXES_IPWARE_PROXY_TRUSTED_IPS = TREMPLIN_TRUSTED_PROXIES  # unused while the callable is set

# Staff login (axes, one limit per parameter: tremplin.accounts.lockout): one username from one
# address, one username from any address, and any username from one address (a password
# spray; high, since a space's team shares one address).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
TREMPLIN_LOGIN_FAILURES_PER_USERNAME = env_int("TREMPLIN_LOGIN_FAILURES_PER_USERNAME", 10)
TREMPLIN_LOGIN_FAILURES_PER_ADDRESS = env_int("TREMPLIN_LOGIN_FAILURES_PER_ADDRESS", 30)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address", ["username", "ip_address"]]
AXES_HANDLER = "tremplin.accounts.lockout.LimitPerParameterHandler"
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Tremplin"

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
# Staff, partner and national accounts are logged out after this long without a request
# (accounts.middleware.StaffIdleTimeoutMiddleware); learners keep SESSION_COOKIE_AGE.
TREMPLIN_STAFF_IDLE_MINUTES = env_int("TREMPLIN_STAFF_IDLE_MINUTES", 30)

# Learner code login: an address is stopped when wrong codes for this many different
# usernames came from it within an hour (a room of learners shares one address).
TREMPLIN_CODE_LOGIN_USERNAMES_PER_ADDRESS = env_int("TREMPLIN_CODE_LOGIN_USERNAMES_PER_ADDRESS", 50)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Strict CSP: no inline script, no inline style but our own stylesheets by their hash on a first
# visit (tremplin.core.styles), nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Internationalisation: French first, English through gettext (catalogues in each app's locale/).
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "tremplin_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60

# Static files: WhiteNoise serves the hashed, compressed copies collected in var/static.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "tremplin" / "static"]
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 365 * 24 * 60 * 60

# Email and SMS senders: console in development, SMTP and a provider in production.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tremplin <ne-pas-repondre@tremplin.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMS_SENDER = env_str("SMS_SENDER", "tremplin.core.senders.ConsoleSmsSender")
# The site's public address, for links in messages sent without a request (the cancel link of
# a workshop reminder).
TREMPLIN_PUBLIC_URL = env_str("TREMPLIN_PUBLIC_URL", "http://localhost:8000").rstrip("/")

# Background work: the tasks API with its database backend (immediate in tests).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# The cache every worker process shares (rate limits, failed-code counts): a database table by
# default (``manage.py createcachetable``, run by ``make setup``), so no extra service is needed.
CACHES = {
    "default": {
        "BACKEND": env_str("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": env_str("CACHE_LOCATION", "tremplin_cache"),
    },
    # Public pages kept rendered (tremplin.core.page_cache), in each process's own memory: at
    # most 200 pages of 8-16 KB per worker.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tremplin-pages",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}
# Off in development, where a template may have just been edited.
TREMPLIN_PAGE_CACHE = env_bool("TREMPLIN_PAGE_CACHE", not DEBUG)
# Parts of layouts that are the same for many visitors ({% cache %}: the learner menu per kind
# of visitor, language and page of the menu), in each process's memory; none when pages are not
# kept either.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
    if TREMPLIN_PAGE_CACHE
    else "django.core.cache.backends.dummy.DummyCache",
    "LOCATION": "tremplin-fragments",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 100},
}
# How long a process trusts the data versions it read (a change made in another process shows
# within this time; in the process that made it, at once).
TREMPLIN_PAGE_DATA_CHECK_SECONDS = env_int("TREMPLIN_PAGE_DATA_CHECK_SECONDS", 1)

# Anonymous visitors, per address (tremplin.core.ratelimit): a space's computers may share one
# address, so limits leave room for a whole workshop.
TREMPLIN_RESULT_EMAILS_PER_HOUR = env_int("TREMPLIN_RESULT_EMAILS_PER_HOUR", 20)
TREMPLIN_RESULT_EMAILS_PER_RESULT = env_int("TREMPLIN_RESULT_EMAILS_PER_RESULT", 3)
TREMPLIN_DIAGNOSTIC_STARTS_PER_HOUR = env_int("TREMPLIN_DIAGNOSTIC_STARTS_PER_HOUR", 60)

# People with no activity for this many months are anonymised (people.tasks, anonymise_inactive).
TREMPLIN_ANONYMISE_AFTER_MONTHS = env_int("TREMPLIN_ANONYMISE_AFTER_MONTHS", 24)
# Login records of django-axes (usernames, addresses) older than this are deleted
# (purge_access_log, daily).
TREMPLIN_ACCESS_LOG_RETENTION_DAYS = env_int("TREMPLIN_ACCESS_LOG_RETENTION_DAYS", 30)

# Demo accounts skip the second factor; refused in production unless forced.
TREMPLIN_ALLOW_DEMO_ACCOUNTS = env_bool("TREMPLIN_ALLOW_DEMO_ACCOUNTS", DEBUG)

# Public diagnostic: an unfinished test can be resumed with its code for this many days; an
# address may type this many unknown codes per 15 minutes; a test started from no known place
# belongs to the organisation with this slug (unset: the only organisation, if there is one).
TREMPLIN_DIAGNOSTIC_RESUME_DAYS = env_int("TREMPLIN_DIAGNOSTIC_RESUME_DAYS", 30)
TREMPLIN_RESUME_GUESSES_PER_ADDRESS = env_int("TREMPLIN_RESUME_GUESSES_PER_ADDRESS", 30)
TREMPLIN_DEFAULT_ORGANISATION = env_str("TREMPLIN_DEFAULT_ORGANISATION")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

FORM_RENDERER = "tremplin.core.forms.FormRenderer"
