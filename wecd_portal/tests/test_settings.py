"""Settings flavours, checked in subprocesses so each reads its own environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wecd_portal.tests.production_env import PRODUCTION_ENV

BASE_DIR = Path(__file__).resolve().parents[2]
CONFIG_VARIABLES = (*PRODUCTION_ENV, "DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE", "TEST_CLAMD_URL")


def run_python(*args, env_overrides=None):
    """Run the project's Python with none of the configuration variables set."""
    env = {key: value for key, value in os.environ.items() if key not in CONFIG_VARIABLES}
    env.update(env_overrides or {})
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_manage(*args, env_overrides=None):
    return run_python("manage.py", *args, env_overrides=env_overrides)


def test_production_settings_without_variables_name_each_missing_one():
    result = run_manage("check", "--settings=wecd_portal.settings.production")

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Configuration error: production settings refuse to start:")
    for variable in (
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
        "DEFAULT_FROM_EMAIL",
        "WECD_CLAMD_URL",
        "DJANGO_TRUSTED_PROXY_COUNT",
    ):
        assert f"- {variable} is not set" in result.stderr


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY is too weak"),
        ({"DATABASE_URL": "sqlite:////tmp/wecd.sqlite3"}, "DATABASE_URL must point to PostgreSQL"),
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG must be false in production."),
        ({"DJANGO_CONN_MAX_AGE": "ten"}, "DJANGO_CONN_MAX_AGE must be a whole number, not 'ten'."),
        (
            {"DJANGO_SECURE_HSTS_SECONDS": "1y"},
            "DJANGO_SECURE_HSTS_SECONDS must be a whole number, not '1y'.",
        ),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG must be true or false, not 'maybe'."),
        ({"WECD_CALL_DEADLINE_TIME": "23h59"}, "WECD_CALL_DEADLINE_TIME must be HH:MM:SS, not '23h59'."),
        ({"DJANGO_TRUSTED_PROXY_COUNT": ""}, "DJANGO_TRUSTED_PROXY_COUNT is not set"),
        (
            {"DJANGO_TRUSTED_PROXY_COUNT": "many"},
            "DJANGO_TRUSTED_PROXY_COUNT must be a whole number, not 'many'.",
        ),
        ({"DJANGO_TRUSTED_PROXY_COUNT": "9"}, "DJANGO_TRUSTED_PROXY_COUNT must be between 0 and 5"),
        (
            {"WECD_VISIBILITY_TIMEOUT": "600", "WECD_TASK_TIME_LIMIT": "300"},
            "WECD_VISIBILITY_TIMEOUT must exceed WECD_TASK_TIME_LIMIT by more than 600 seconds",
        ),
        ({"WECD_PRIVATE_STORAGE": "nfs"}, "WECD_PRIVATE_STORAGE must be filesystem or s3, not 'nfs'."),
        ({"WECD_PRIVATE_STORAGE": "s3"}, "WECD_S3_BUCKET is not set"),
        (
            {
                "WECD_PRIVATE_STORAGE": "s3",
                "WECD_S3_BUCKET": "wecd",
                "WECD_S3_ENDPOINT_URL": "http://s3.internal",
            },
            "WECD_S3_ENDPOINT_URL must use https:// in production",
        ),
    ],
)
def test_production_settings_refuse_unsafe_value(override, expected):
    result = run_manage(
        "check",
        "--settings=wecd_portal.settings.production",
        env_overrides={**PRODUCTION_ENV, **override},
    )

    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_check_deploy_with_every_variable_set():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        "--settings=wecd_portal.settings.production",
        env_overrides=PRODUCTION_ENV,
    )

    assert result.stderr == ""
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.returncode == 0


def test_wsgi_with_missing_production_variables_prints_message_without_traceback():
    result = run_python("-c", "import wecd_portal.wsgi")

    assert result.returncode == 2
    assert "Configuration error: production settings refuse to start" in result.stderr
    assert "Traceback" not in result.stderr


def test_local_settings_default_to_sqlite_eager_tasks_and_files_under_var(tmp_path):
    script = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE']);"
        "print(s.DATABASES['default']['NAME']);"
        "print(s.CELERY_TASK_ALWAYS_EAGER);"
        "print(s.EMAIL_BACKEND);"
        "print(s.EMAIL_FILE_PATH);"
        "print(s.MEDIA_ROOT);"
        "print(s.TIME_ZONE, s.USE_TZ, s.LANGUAGE_CODE)"
    )
    result = run_python(
        "-c",
        f"import django; django.setup(); {script}",
        env_overrides={
            "DJANGO_SETTINGS_MODULE": "wecd_portal.settings.local",
            "DJANGO_VAR_DIR": str(tmp_path),
        },
    )

    assert result.stdout.splitlines() == [
        "django.db.backends.sqlite3",
        str(tmp_path / "wecd_portal.sqlite3"),
        "True",
        "wecd_portal.notifications.backends.FileAndConsoleEmailBackend",
        str(tmp_path / "mail"),
        str(tmp_path / "private"),
        "Europe/Brussels True fr",
    ]


def test_production_responses_carry_the_security_headers_and_secure_cookies():
    result = run_python(
        "wecd_portal/tests/production_headers.py",
        env_overrides={
            **PRODUCTION_ENV,
            "DJANGO_SETTINGS_MODULE": "wecd_portal.settings.production",
            "PYTHONPATH": str(BASE_DIR),
        },
    )

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    headers = report["headers"]
    assert (report["insecure_status"], report["insecure_location"]) == (
        301,
        "https://vouchers.wallonie-design.example/en/accounts/login/",
    )
    assert report["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    directives = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert (directives["object-src"], directives["base-uri"], directives["frame-ancestors"]) == (
        "'none'",
        "'none'",
        "'none'",
    )
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert report["cookies"]["csrftoken"] == {"secure": True, "httponly": True, "samesite": "Lax"}


def test_production_installs_what_production_runs_and_no_test_tool():
    runtime = (BASE_DIR / "requirements.txt").read_text().splitlines()
    development = (BASE_DIR / "requirements-dev.txt").read_text().splitlines()
    packages = {line.split("==")[0].split("[")[0].lower() for line in runtime if "==" in line}

    assert not packages & {
        "pytest",
        "pytest-django",
        "playwright",
        "locust",
        "hypothesis",
        "ruff",
        "factory-boy",
    }
    assert {"django", "celery", "weasyprint", "pypdf", "gunicorn"} <= packages
    assert "-r requirements.txt" in development
    assert all("==" in line for line in runtime + development if line and not line.startswith(("#", "-r")))


def test_production_with_a_bucket_keeps_the_private_files_in_it_unserved_and_never_overwritten():
    result = run_python(
        "-c",
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['default']))",
        env_overrides={
            **PRODUCTION_ENV,
            "DJANGO_SETTINGS_MODULE": "wecd_portal.settings.production",
            "WECD_PRIVATE_STORAGE": "s3",
            "WECD_S3_BUCKET": "wecd-private",
            "WECD_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud",
            "WECD_S3_REGION": "fr-par",
        },
    )

    assert result.returncode == 0, result.stderr
    storage = json.loads(result.stdout)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "wecd-private",
        "endpoint_url": "https://s3.fr-par.scw.cloud",
        "region_name": "fr-par",
        "location": "private",
        "addressing_style": None,
        "signature_version": "s3v4",
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 60,
    }
