"""Loaded by the fault tests' worker process (``CELERY_IMPORTS``): holds the first
letter it renders in the middle of its work — inside the transaction, the application
locked, the PDF not yet stored — until the test releases it or kills something.

The hold writes ``<child pid> <PostgreSQL backend pid>`` to ``WECD_WORKER_HOLD_FILE``,
so that the test kills exactly the process or the database connection doing the work.
Nothing else of the worker changes: it runs the production Celery settings.
"""

import os
import time
from pathlib import Path

from django.db import connection

from vouchers.awards.services import letters

_html_to_pdf = letters.html_to_pdf


def _held_html_to_pdf(*args, **kwargs):
    marker = Path(os.environ["WECD_WORKER_HOLD_FILE"])
    if not marker.exists():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend_pid = cursor.fetchone()[0]
        marker.write_text(f"{os.getpid()} {backend_pid}")
        release = marker.with_suffix(".release")
        deadline = time.monotonic() + 120
        while not release.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    return _html_to_pdf(*args, **kwargs)


if os.environ.get("WECD_WORKER_HOLD_FILE"):
    letters.html_to_pdf = _held_html_to_pdf
