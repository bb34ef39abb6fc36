"""A request id on every response and log line, JSON logs on demand, Sentry when a
DSN is given (and then without personal data)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parents[2]


def test_a_sane_request_id_from_the_proxy_is_kept_and_echoed(client):
    response = client.get("/ping", HTTP_X_REQUEST_ID="req-20261203-abcdef")

    assert response["X-Request-ID"] == "req-20261203-abcdef"


@pytest.mark.parametrize("given", ["", "<script>alert(1)</script>", "short", "x" * 65])
def test_a_missing_or_odd_request_id_is_replaced_by_a_new_one(client, given):
    response = client.get("/ping", HTTP_X_REQUEST_ID=given)

    assert len(response["X-Request-ID"]) == 32
    assert response["X-Request-ID"] != given
    int(response["X-Request-ID"], 16)


def run_python(code, **env):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "wecd_portal.settings.local",
            "PYTHONPATH": str(BASE_DIR),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_json_logs_are_one_object_per_line_with_the_request_id(tmp_path):
    result = run_python(
        "import django, logging; django.setup(); "
        "from wecd_portal.core.observability import request_id_var; "
        "request_id_var.set('req-abcdef12'); logging.getLogger('wecd_portal.test').warning('bonjour')",
        WECD_LOG_FORMAT="json",
        DJANGO_VAR_DIR=str(tmp_path),
    )

    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert {key: line[key] for key in ("level", "logger", "request_id", "message")} == {
        "level": "WARNING",
        "logger": "wecd_portal.test",
        "request_id": "req-abcdef12",
        "message": "bonjour",
    }
    assert "time" in line


def test_an_unknown_log_format_stops_with_its_name(tmp_path):
    result = run_python("import django; django.setup()", WECD_LOG_FORMAT="xml", DJANGO_VAR_DIR=str(tmp_path))

    assert "WECD_LOG_FORMAT must be plain or json, not 'xml'." in result.stderr


def test_sentry_starts_with_a_dsn_and_sends_no_personal_data(tmp_path):
    result = run_python(
        "import django; django.setup(); import sentry_sdk; client = sentry_sdk.get_client(); "
        "print(client.is_active(), client.options['send_default_pii'], client.options['max_request_body_size'], "
        "sorted(i for i in client.integrations if i in ('django', 'celery')))",
        SENTRY_DSN="http://public@127.0.0.1:9/1",
        DJANGO_VAR_DIR=str(tmp_path),
    )

    assert result.stdout.strip() == "True False never ['celery', 'django']", result.stderr
