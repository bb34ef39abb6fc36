"""Settings of a Celery worker run as a separate process by the fault tests.

The test settings, with: the test process's database (its name is passed in, since
pytest-django created it), the real Redis broker with a short visibility timeout
(a task of a killed worker comes back in seconds, not an hour), and emails written
as files the test counts.
"""

import os

from wecd_portal.settings.test import *  # noqa: F403
from wecd_portal.settings.test import CELERY_BROKER_TRANSPORT_OPTIONS, TEST_REDIS_URL, env

DATABASES = {"default": env.db_url_config(os.environ["WECD_WORKER_DATABASE_URL"])}
CELERY_BROKER_URL = TEST_REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False
# kombu looks for unacknowledged messages every interval × throttle seconds (100 by
# default): every second here.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": 3,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["WECD_WORKER_MAIL_DIR"]
