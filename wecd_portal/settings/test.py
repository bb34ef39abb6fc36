"""Test settings: real PostgreSQL and Redis when reachable, SQLite otherwise.

The probes below decide once, before Django starts, which services the suite can
use. Tests that need a missing service are skipped with the reason (see
conftest.py); under CI=true a missing service is an error instead.
"""

import os
import socket
from urllib.parse import urlparse

import psycopg2
import redis
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import VAR_DIR, env

SETTINGS_FLAVOUR = "test"
DEBUG = False
SECRET_KEY = "test-only-secret-key-with-enough-length-and-variety-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

IN_CI = os.environ.get("CI", "").lower() == "true"
TEST_DATABASE_URL = env.str("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/wecd_portal")
# Never the developer's REDIS_URL: the worker tests flush this database. Each pytest-xdist
# worker (gw0, gw1…) takes its own database, counting down from the one given.
TEST_REDIS_URL = env.str("TEST_REDIS_URL", default="redis://127.0.0.1:6379/15")
_XDIST_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
if _XDIST_WORKER:
    _base, _, _db = TEST_REDIS_URL.rpartition("/")
    TEST_REDIS_URL = f"{_base}/{(int(_db) - _XDIST_WORKER) % 16}"

# service name -> why it cannot be used (empty when everything is up)
MISSING_SERVICES = {}


def _probe_postgres(url):
    config = env.db_url_config(url)
    try:
        psycopg2.connect(
            dbname="postgres",
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            connect_timeout=3,
        ).close()
    except psycopg2.Error as error:
        return f"PostgreSQL at {config.get('HOST')}:{config.get('PORT')} unreachable ({error})"
    return ""


def _probe_redis(url):
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis at {url} unreachable ({error})"
    return ""


if TEST_DATABASE_URL.startswith(("postgres", "pgsql")):
    reason = _probe_postgres(TEST_DATABASE_URL)
    if reason:
        MISSING_SERVICES["postgresql"] = reason
        DATABASES = {"default": env.db_url_config("sqlite:///:memory:")}
    else:
        DATABASES = {"default": env.db_url_config(TEST_DATABASE_URL)}
else:
    MISSING_SERVICES["postgresql"] = f"DATABASE_URL is not PostgreSQL ({TEST_DATABASE_URL})"
    DATABASES = {"default": env.db_url_config(TEST_DATABASE_URL)}

reason = _probe_redis(TEST_REDIS_URL)
if reason:
    MISSING_SERVICES["redis"] = reason
REDIS_URL = "" if reason else TEST_REDIS_URL

# The virus scanner: scripts/clamd-start runs one with the EICAR test signature.
WECD_CLAMD_URL = env.str("TEST_CLAMD_URL", default="tcp://127.0.0.1:3310")
WECD_CLAMD_TIMEOUT = 5
# The tests' clamd holds one local signature (EICAR), no official database: its age
# is checked only by the tests of the check itself.
WECD_CLAMAV_SIGNATURES_MAX_AGE_DAYS = 0


def _probe_clamd(url):
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 3310), timeout=1) as connection:
            connection.sendall(b"zPING\0")
            if connection.recv(8).startswith(b"PONG"):
                return ""
    except OSError as error:
        return f"clamd not answering at {url} ({error}); run scripts/clamd-start"
    return f"clamd at {url} did not answer PING"


reason = _probe_clamd(WECD_CLAMD_URL)
if reason:
    MISSING_SERVICES["clamav"] = reason

# Browser journeys drive Debian's chromium (never a browser downloaded by a test tool).
CHROMIUM_PATH = env.str("CHROMIUM_PATH", default="/usr/bin/chromium")
if not os.access(CHROMIUM_PATH, os.X_OK):
    MISSING_SERVICES["chromium"] = f"no browser at {CHROMIUM_PATH} (apt-get install -y chromium)"
BROWSER_ARTIFACTS = VAR_DIR / "browser"

if IN_CI and MISSING_SERVICES:
    raise ImproperlyConfigured(
        "CI=true and a service the tests need is down: " + "; ".join(MISSING_SERVICES.values())
    )

# Unit tests run tasks eagerly and cache in memory; integration tests that need the
# real broker and a worker switch Celery to REDIS_URL themselves.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "public_pages": CACHES["public_pages"],
}
# Pages change within a test: no page cache, but in the test of the cache itself.
WECD_PUBLIC_PAGE_CACHE_SECONDS = 0
CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = True

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "test-private"
# Django's live-server test handler needs a MEDIA_URL (it parses None as bytes); the
# project never serves this path and keeps MEDIA_URL = None everywhere else.
MEDIA_URL = "/private-files-are-never-served/"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = VAR_DIR / "test-static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
