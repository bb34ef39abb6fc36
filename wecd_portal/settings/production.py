"""Production: refuses to start on an unsafe or incomplete configuration.

Each missing or unsafe variable is named in the error so that an operator knows
what to set; `manage.py` and `wsgi.py` print it without a traceback.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    CELERY_BROKER_TRANSPORT_OPTIONS,
    CELERY_TASK_TIME_LIMIT,
    DATABASES,
    DEFAULT_FROM_EMAIL,
    PRIVATE_STORAGE_KIND,
    REDIS_URL,
    SECRET_KEY,
    env,
    env_bool,
    env_int,
)

SETTINGS_FLAVOUR = "production"

DEBUG = env_bool("DJANGO_DEBUG", False)


def _configuration_problems():
    problems = []
    if not SECRET_KEY:
        problems.append("DJANGO_SECRET_KEY is not set: give it a random value of 50+ characters.")
    elif len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or "insecure" in SECRET_KEY:
        problems.append(
            "DJANGO_SECRET_KEY is too weak: use a random value of 50+ characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
        )
    if not env.list("DJANGO_ALLOWED_HOSTS", default=[]):
        problems.append(
            "DJANGO_ALLOWED_HOSTS is not set: list the host names the portal answers to, comma-separated."
        )
    if not env.str("DATABASE_URL", default=""):
        problems.append("DATABASE_URL is not set: give a PostgreSQL URL (postgres://...).")
    elif "postgresql" not in DATABASES["default"]["ENGINE"]:
        problems.append("DATABASE_URL must point to PostgreSQL in production (postgres://...).")
    if not REDIS_URL:
        problems.append("REDIS_URL is not set: give the Redis URL used as broker and cache.")
    if DEBUG:
        problems.append("DJANGO_DEBUG must be false in production.")
    if not env.str("WECD_CLAMD_URL", default=""):
        problems.append(
            "WECD_CLAMD_URL is not set: give the ClamAV daemon (tcp://host:3310 or unix:///run/clamav/clamd.ctl); "
            "uploads are scanned before jurors may open them."
        )
    if not env.str("EMAIL_URL", default=""):
        problems.append(
            "EMAIL_URL is not set: give the SMTP server (smtp+tls://user:password@host:587); "
            "without it emails would be written to local files."
        )
    if not env.str("DEFAULT_FROM_EMAIL", default="") or DEFAULT_FROM_EMAIL.rstrip(">").endswith(".example"):
        problems.append("DEFAULT_FROM_EMAIL is not set: give the sender address of the portal's emails.")
    problems.extend(_proxy_and_queue_problems())
    problems.extend(_storage_problems())
    return problems


def _storage_problems():
    if PRIVATE_STORAGE_KIND != "s3":
        return []
    problems = []
    if not env.str("WECD_S3_BUCKET", default=""):
        problems.append("WECD_S3_BUCKET is not set: give the private bucket that holds uploads and letters.")
    if env.str("WECD_S3_ENDPOINT_URL", default="").startswith("http://"):
        problems.append(
            "WECD_S3_ENDPOINT_URL must use https:// in production: the files are companies' data."
        )
    style = env.str("WECD_S3_ADDRESSING_STYLE", default="")
    if style not in {"", "auto", "path", "virtual"}:
        problems.append("WECD_S3_ADDRESSING_STYLE must be auto, path or virtual.")
    return problems


def _proxy_and_queue_problems():
    problems = []
    proxy_count = env.str("DJANGO_TRUSTED_PROXY_COUNT", default="").strip()
    if proxy_count and proxy_count not in {str(n) for n in range(6)}:
        problems.append("DJANGO_TRUSTED_PROXY_COUNT must be between 0 and 5 (the reverse proxies in front).")
    elif not proxy_count:
        problems.append(
            "DJANGO_TRUSTED_PROXY_COUNT is not set: give the number of reverse proxies in front of "
            "the portal (1 behind one nginx or load balancer, 0 when clients connect directly). "
            "Rate limits count per client address, which the proxies give in X-Forwarded-For: "
            "a wrong count puts every user under one limit, or lets a client forge its address."
        )
    # A retried task waits up to 600 s (PortalTask.retry_backoff_max) in the worker,
    # unacknowledged: the broker must not hand it to another worker meanwhile.
    if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= CELERY_TASK_TIME_LIMIT + 600:
        problems.append(
            "WECD_VISIBILITY_TIMEOUT must exceed WECD_TASK_TIME_LIMIT by more than 600 seconds: "
            "Redis would otherwise hand a running or retrying task to a second worker."
        )
    return problems


_problems = _configuration_problems()
if _problems:
    raise ImproperlyConfigured("production settings refuse to start:\n  - " + "\n  - ".join(_problems))

# HTTPS everywhere; behind a reverse proxy that terminates TLS, set
# DJANGO_SECURE_PROXY_SSL_HEADER=true so Django trusts X-Forwarded-Proto.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^ping$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 60 * 60 * 8)
