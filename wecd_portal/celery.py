"""The Celery application: configuration from Django settings (CELERY_*), tasks
autodiscovered from each installed app's tasks.py.

DJANGO_SETTINGS_MODULE must be set before this module is imported (the Makefile's
worker and beat targets set it): no default here, so that importing the package from
wsgi.py can never silently pick the local settings in production.
"""

from celery import Celery

app = Celery("wecd_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
