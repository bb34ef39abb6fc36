"""Celery's autodiscovery imports ``<app>.tasks``: this module loads every stage's
tasks so a worker registers them all. Code enqueues from the stage modules."""

from vouchers.awards import tasks as awards_tasks
from vouchers.eligibility import tasks as eligibility_tasks
from vouchers.follow_up import tasks as follow_up_tasks
from vouchers.intake import tasks as intake_tasks
from vouchers.jury import tasks as jury_tasks
from vouchers.personal_data import tasks as personal_data_tasks

__all__ = [
    "awards_tasks",
    "eligibility_tasks",
    "follow_up_tasks",
    "intake_tasks",
    "jury_tasks",
    "personal_data_tasks",
]
