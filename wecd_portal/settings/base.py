"""Settings shared by every flavour, read from the environment.

Every value a deployment may change comes from a ``DJANGO_*`` (or ``DATABASE_URL``,
``REDIS_URL``, ``EMAIL_URL``) variable; the embedded defaults make a local run work
with zero configuration. ``production.py`` refuses the defaults that are unsafe.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()


def env_int(name, default):
    """An integer variable (empty means unset); a malformed value stops with its name,
    not a traceback."""
    if env.str(name, default="").strip() == "":
        return default
    try:
        return env.int(name, default=default)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {env.str(name)!r}.") from None


def env_bool(name, default):
    """A boolean variable (true/false, 1/0, yes/no, on/off)."""
    raw = env.str(name, default="")
    if raw == "":
        return default
    if raw.lower() not in {"true", "false", "1", "0", "yes", "no", "on", "off"}:
        raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")
    return env.bool(name)


def redis_url_with_db(url, db):
    """The same Redis server, another database index (cache apart from the broker)."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{db}"))


# Everything a local run writes (SQLite file, emails, private uploads, collected
# static files) lives under var/, outside the code and outside the web root.
VAR_DIR = Path(env.str("DJANGO_VAR_DIR", default=str(BASE_DIR / "var")))

SETTINGS_FLAVOUR = "base"

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "rules",
    "import_export",
    "wecd_portal.accounts",
    "wecd_portal.core",
    "wecd_portal.notifications",
    "vouchers",
    "clusters",
]

MIDDLEWARE = [
    "wecd_portal.core.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view or CSRF check reads the body: an oversized one is never spooled.
    "wecd_portal.core.request_limits.RequestBodyLimitMiddleware",
    "wecd_portal.core.stored_files.StoredFileMissingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wecd_portal.accounts.sessions.PrivilegedSessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wecd_portal.accounts.mfa.TwoFactorRequiredMiddleware",
]

ROOT_URLCONF = "wecd_portal.urls"
WSGI_APPLICATION = "wecd_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wecd_portal.core.context_processors.portal",
            ],
        },
    },
]

# Django's own form and widget templates through Jinja2 (faster, same HTML).
FORM_RENDERER = "wecd_portal.core.form_renderer.FormRenderer"

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'wecd_portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # A database host that drops packets must fail fast (health checks, requests).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", 0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and cache ----------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            # Redis, and the process's memory while Redis does not answer (sign-in and
            # its rate limits keep working: wecd_portal.core.cache).
            "BACKEND": "wecd_portal.core.cache.FailSafeRedisCache",
            # Not the broker's database: clearing the cache must never drop queued tasks.
            "LOCATION": env.str("REDIS_CACHE_URL", default=redis_url_with_db(REDIS_URL, 1)),
            "KEY_PREFIX": "wecd",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The anonymous public pages, in each web process's memory (vouchers.intake.views.pages).
CACHES["public_pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "public-pages",
    "OPTIONS": {"MAX_ENTRIES": 200},
}

# --- Accounts -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "wecd_portal.accounts.adapter.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[WECD] "
ACCOUNT_SESSION_REMEMBER = None
# Behind a reverse proxy, the number of proxies appending to X-Forwarded-For: the
# rate limits then count per client address, not per proxy (0: no proxy trusted).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
# Staff and jurors see applicants' data: their sessions end sooner (4 hours).
WECD_PRIVILEGED_SESSION_SECONDS = env_int("WECD_PRIVILEGED_SESSION_SECONDS", 4 * 60 * 60)
ACCOUNT_PREVENT_ENUMERATION = True
# allauth's rate limits, kept in the cache (Redis when REDIS_URL is set, so every
# web process shares them). "key" for failed sign-ins is the account and the
# address together (PortalAccountAdapter).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/m/ip,50/h/ip",
    "reset_password": "20/m/ip,3/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "WECD – Wallonie Design"
# A code typed as its 30 s step ends still counts (RFC 6238 allows one step of delay);
# allauth's default accepts only the current step. A used code is refused all the same.
MFA_TOTP_TOLERANCE = 1

# --- Internationalisation ----------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
# English short dates day first, as Belgian readers expect (wecd_portal/formats/en).
FORMAT_MODULE_PATH = ["wecd_portal.formats"]
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "wecd_language"

# Time of day, in Europe/Brussels, at which a call's closing date ends (DOMAIN.md).
CALL_DEADLINE_TIME = env.str("WECD_CALL_DEADLINE_TIME", default="23:59:59")
if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d", CALL_DEADLINE_TIME):
    raise ImproperlyConfigured(f"WECD_CALL_DEADLINE_TIME must be HH:MM:SS, not {CALL_DEADLINE_TIME!r}.")

# Address the public pages give for questions about the call.
WECD_CONTACT_EMAIL = env.str("WECD_CONTACT_EMAIL", default="vouchers@wecd.example")

# Uploads: per file, per application, number of files (issue: 10 MB / 25 MB).
WECD_MAX_UPLOAD_BYTES = env_int("WECD_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# A request may carry one upload and the form's other fields: anything larger is
# refused (413) before it is read (wecd_portal/core/request_limits.py).
WECD_REQUEST_BODY_MARGIN = env_int("WECD_REQUEST_BODY_MARGIN", 1024 * 1024)
WECD_MAX_APPLICATION_UPLOAD_BYTES = env_int("WECD_MAX_APPLICATION_UPLOAD_BYTES", 25 * 1024 * 1024)
WECD_MAX_ATTACHMENTS = env_int("WECD_MAX_ATTACHMENTS", 10)
WECD_MAX_IMAGE_PIXELS = env_int("WECD_MAX_IMAGE_PIXELS", 40_000_000)
# A voucher's follow-up: photos in the final report, and the execution period when
# the call sets no end date.
WECD_MAX_REPORT_PHOTOS = env_int("WECD_MAX_REPORT_PHOTOS", 6)
# The virus scanner (clamd): tcp://host:3310 or unix:///run/clamav/clamd.ctl. Empty:
# no scanning (local runs only; production requires it).
WECD_CLAMD_URL = env.str("WECD_CLAMD_URL", default="")
WECD_CLAMD_TIMEOUT = env_int("WECD_CLAMD_TIMEOUT", 10)
# /healthz reports the scanner degraded when its signature database is older than
# this (freshclam stopped); 0 turns the check off.
WECD_CLAMAV_SIGNATURES_MAX_AGE_DAYS = env_int("WECD_CLAMAV_SIGNATURES_MAX_AGE_DAYS", 3)
# Public call pages served from the cache to anonymous visitors (0: never).
WECD_PUBLIC_PAGE_CACHE_SECONDS = env_int("WECD_PUBLIC_PAGE_CACHE_SECONDS", 30)
WECD_DEFAULT_EXECUTION_DAYS = env_int("WECD_DEFAULT_EXECUTION_DAYS", 180)
# Cluster and pole contacts are kept this long unless staff extend it (personal data).
WECD_CONTACT_RETENTION_DAYS = env_int("WECD_CONTACT_RETENTION_DAYS", 730)
# Requests may carry one file at the limit plus the form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Absolute address of the portal, for links in emails and letters.
WECD_SITE_URL = env.str("WECD_SITE_URL", default="http://127.0.0.1:8000")

# Place printed before the date on letters (Wallonie Design's office).
WECD_LETTER_PLACE = env.str("WECD_LETTER_PLACE", default="Liège")

# --- Static files (Bootstrap comes from the django-bootstrap-static wheel) -----------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]

# --- Private files: uploads and letters, never served directly ----------------------
# On one host a folder (DJANGO_MEDIA_ROOT, mode 0750); on several, a private bucket
# on S3-compatible storage (WECD_PRIVATE_STORAGE=s3, django-storages). Either way
# the files are read only by the permission-checked download views: the bucket is
# never public and no URL to it is ever given out.
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "private")))
MEDIA_URL = None
PRIVATE_STORAGE_KIND = env.str("WECD_PRIVATE_STORAGE", default="filesystem").strip().lower()
if PRIVATE_STORAGE_KIND not in {"filesystem", "s3"}:
    raise ImproperlyConfigured(
        f"WECD_PRIVATE_STORAGE must be filesystem or s3, not {PRIVATE_STORAGE_KIND!r}."
    )


def s3_private_storage(bucket, endpoint_url="", region="", prefix="private", addressing_style=""):
    """django-storages' S3 backend for the private files: names never overwritten
    (a second letter gets its own object), objects private (the bucket's default
    ACL), signed requests (SigV4), nothing ever served by URL."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "location": prefix,
            "addressing_style": addressing_style or None,
            "signature_version": "s3v4",
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }


if PRIVATE_STORAGE_KIND == "s3":
    PRIVATE_STORAGE = s3_private_storage(
        bucket=env.str("WECD_S3_BUCKET", default=""),
        endpoint_url=env.str("WECD_S3_ENDPOINT_URL", default=""),
        region=env.str("WECD_S3_REGION", default=""),
        prefix=env.str("WECD_S3_PREFIX", default="private"),
        addressing_style=env.str("WECD_S3_ADDRESSING_STYLE", default=""),
    )
else:
    PRIVATE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None},
    }
STORAGES = {
    "default": PRIVATE_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# --- Email -------------------------------------------------------------------------
# A monitoring probe sending "Authorization: Bearer <token>" to /healthz reads each
# part's state (staff signed in read it too); anonymous callers get the status alone.
WECD_HEALTH_TOKEN = env.str("WECD_HEALTH_TOKEN", default="")
# Who is told when something is given up for good (an e-mail after a day of
# attempts): comma-separated addresses.
ADMINS = [(address, address) for address in env.list("WECD_ADMIN_EMAILS", default=[])]
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Wallonie Design – WECD <vouchers@wecd.example>")
SERVER_EMAIL = env.str("DJANGO_SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Where delivery reports come back (manage.py mail_bounce): each message's return
# path is then local+<message uuid>@domain (VERP). Empty: the sender's address.
WECD_BOUNCE_ADDRESS = env.str("WECD_BOUNCE_ADDRESS", default="")
EMAIL_FILE_PATH = VAR_DIR / "mail"
if env.str("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "wecd_portal.notifications.backends.FileAndConsoleEmailBackend"
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 20)

# Outbox: retries with exponential backoff (seconds: base * 2 ** attempt, capped):
# 60 s, 2, 4, 8, 16, 32 min, then hourly, 30 attempts in all: a mail server may be
# down for a day (24 h 3 min) before a message is given up and the admins told.
OUTBOX_MAX_ATTEMPTS = env_int("WECD_OUTBOX_MAX_ATTEMPTS", 30)
OUTBOX_BACKOFF_BASE = env_int("WECD_OUTBOX_BACKOFF_BASE", 60)
OUTBOX_BACKOFF_MAX = env_int("WECD_OUTBOX_BACKOFF_MAX", 3600)
# The sweep (beat, every WECD_SWEEP_SECONDS) publishes again a message or a piece of
# work (letters, eligibility runs) whose task was lost; it leaves alone what it has
# published less than this long ago, so workers that are down do not pile up copies.
# The attached copies of receipts and letters in sent messages are deleted after
# this many days (the application keeps the original until its own retention).
OUTBOX_ATTACHMENT_DAYS = env_int("WECD_OUTBOX_ATTACHMENT_DAYS", 30)
OUTBOX_SWEEP_GRACE = env_int("WECD_OUTBOX_SWEEP_GRACE", 900)
WORK_SWEEP_GRACE = env_int("WECD_WORK_SWEEP_GRACE", 900)
# A task that has started this many times without finishing (it kills its worker, or
# fails on every try) is given up, with an ERROR log line for error tracking.
WORK_MAX_STARTS = env_int("WECD_WORK_MAX_STARTS", 10)

# --- Celery ------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = env_int("WECD_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("WECD_TASK_SOFT_TIME_LIMIT", 240)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Every task is idempotent (wecd_portal.celery.PortalTask): acknowledged once run,
# given back when its worker dies, cancelled and redelivered when the broker connection
# is lost mid-task. A child process is replaced after this many tasks (WeasyPrint's
# memory grows with fonts and images).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("WECD_WORKER_MAX_TASKS_PER_CHILD", 100)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Workers and beat log through Django's LOGGING (the same format, JSON included),
# not Celery's own handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# An unacknowledged late-ack task is redelivered after the visibility timeout: it
# must exceed the longest task time limit or a running task would be run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("WECD_VISIBILITY_TIMEOUT", 3600),
    "socket_connect_timeout": 3,
    "socket_timeout": 5,
}
# Publishing must not hang a web request when Redis is down: the outbox sweep
# re-enqueues what could not be published.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_BEAT_SCHEDULE = {
    "background-sweep": {
        "task": "core.sweep",
        "schedule": env_int("WECD_SWEEP_SECONDS", env_int("WECD_OUTBOX_SWEEP_SECONDS", 60)),
    },
    "vouchers-review-reminders": {
        "task": "vouchers.review_reminders",
        "schedule": env_int("WECD_REMINDER_SWEEP_SECONDS", 3600),
    },
    "vouchers-awards-expire": {
        "task": "vouchers.awards_expire",
        "schedule": env_int("WECD_REMINDER_SWEEP_SECONDS", 3600),
    },
    "vouchers-follow-up-reminders": {
        "task": "vouchers.follow_up_reminders",
        "schedule": env_int("WECD_REMINDER_SWEEP_SECONDS", 3600),
    },
    "vouchers-retention": {
        "task": "vouchers.retention_apply",
        "schedule": env_int("WECD_RETENTION_SWEEP_SECONDS", 7 * 86400),
    },
    "vouchers-scan-quarantine": {
        "task": "vouchers.attachments_scan_pending",
        "schedule": env_int("WECD_SCAN_SWEEP_SECONDS", 300),
    },
    "clusters-contacts-purge": {
        "task": "clusters.contacts_purge",
        "schedule": env_int("WECD_PURGE_SWEEP_SECONDS", 86400),
    },
    "vouchers-draft-reminders": {
        "task": "vouchers.draft_reminders",
        "schedule": env_int("WECD_REMINDER_SWEEP_SECONDS", 3600),
    },
}

# Exports open in spreadsheets: neutralise formulas and drop characters XLSX refuses.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

# --- Forms and pages -----------------------------------------------------------------
# Django 6 default, adopted now: a website typed without scheme is https.
FORMS_URLFIELD_ASSUME_HTTPS = True
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Security headers shared by all flavours --------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# --- Logging: one line per event on stderr ---------------------------------------------
# Plain lines for a terminal, or one JSON object per line (WECD_LOG_FORMAT=json) for
# a log collector; each with the request id (wecd_portal/core/observability.py).
LOG_FORMAT = env.str("WECD_LOG_FORMAT", default="plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"WECD_LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "wecd_portal.core.observability.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        # One line per task run is noise; failures are still logged.
        "celery.app.trace": {"level": "WARNING"},
    },
}

# Error tracking: sentry-sdk with the Django and Celery integrations when a DSN is
# given, without personal data (wecd_portal/core/observability.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from wecd_portal.core.observability import sentry_init

    sentry_init(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default=""),
    )
