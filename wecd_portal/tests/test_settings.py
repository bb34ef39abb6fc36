"""Settings flavours, checked in subprocesses so each reads its own environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "pR0d-" + "x7Kq2vLm9Zt4Wb8Nc1Rf6Yh3Jd5Gs0Ua" * 2,
    "DJANGO_ALLOWED_HOSTS": "vouchers.wallonie-design.example",
    "DATABASE_URL": "postgres://wecd:secret@db.internal:5432/wecd",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "EMAIL_URL": "smtp+tls://portal:secret@smtp.internal:587",
    "DEFAULT_FROM_EMAIL": "Wallonie Design <cheques@wallonie-design.example.be>",
    "WECD_CLAMD_URL": "tcp://clamav.internal:3310",
    "DJANGO_TRUSTED_PROXY_COUNT": "1",
}
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
