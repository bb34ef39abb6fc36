"""Production: refuses to start on an unsafe or incomplete configuration.

Each missing or unsafe variable is named in the error so that an operator knows
what to set; `manage.py` and `wsgi.py` print it without a traceback.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL, SECRET_KEY, env

SETTINGS_FLAVOUR = "production"

DEBUG = env.bool("DJANGO_DEBUG", default=False)


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
    return problems


_problems = _configuration_problems()
if _problems:
    raise ImproperlyConfigured("production settings refuse to start:\n  - " + "\n  - ".join(_problems))

# HTTPS everywhere; behind a reverse proxy that terminates TLS, set
# DJANGO_SECURE_PROXY_SSL_HEADER=true so Django trusts X-Forwarded-Proto.
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60 * 8)
