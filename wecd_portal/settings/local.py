"""Embedded default for `make run`: SQLite under var/, eager tasks, emails to files.

Zero configuration: every value can still be overridden from the environment.
"""

from .base import *  # noqa: F403
from .base import MEDIA_ROOT, PRIVATE_STORAGE, STATIC_ROOT, VAR_DIR, env, env_bool

SETTINGS_FLAVOUR = "local"

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="local-only-secret-key-never-used-in-production-0123456789")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# runserver serves files straight from the finders, no collectstatic needed.
STORAGES = {
    "default": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# WhiteNoise expects STATIC_ROOT to exist even when serving from the finders.
for folder in (VAR_DIR, STATIC_ROOT, MEDIA_ROOT):
    folder.mkdir(parents=True, exist_ok=True)
