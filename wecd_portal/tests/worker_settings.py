"""Settings of a Celery worker run as a separate process by the fault tests.

The test settings, whose Celery options are production's own (``settings/base.py``:
late acknowledgement, tasks given back when their worker dies, the one-hour
visibility timeout, children replaced after a number of tasks), with only what the
test must choose: the test process's database (pytest-django created it), the broker
the test starts, e-mails written as files the test counts, and the hook that holds a
letter mid-render (``worker_hooks``).
"""

import os

from wecd_portal.settings.test import *  # noqa: F403
from wecd_portal.settings.test import env

DATABASES = {"default": env.db_url_config(os.environ["WECD_WORKER_DATABASE_URL"])}
CELERY_BROKER_URL = os.environ["WECD_WORKER_BROKER_URL"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_IMPORTS = ["wecd_portal.tests.worker_hooks"]
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["WECD_WORKER_MAIL_DIR"]
