"""Thin tasks of the awards stage (leaves: see ``vouchers.intake.tasks``)."""

import logging

from celery import shared_task
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


@shared_task(name="vouchers.letter_render", pending_work=True, work_label=_("Decision letter"))
def letter_render_task(*, application_id):
    # Idempotent: one letter per application and kind, the same content is not stored
    # twice, so a retried or redelivered task leaves a single letter.
    from vouchers.awards.services.letters import letter_render  # noqa: PLC0415  (task body: the services import this module)
    from vouchers.intake.models import Application  # noqa: PLC0415  (task body: the services import this module)

    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        return "gone"
    try:
        return letter_render(application=application).kind
    except ValidationError as error:
        # A letter that cannot be written yet (no consensus, no signatory…) is not a
        # fault to retry: the release preview lists it until staff mend it.
        logger.info("letters: application %s blocked: %s", application_id, error.messages)
        return f"blocked:{getattr(error, 'code', '') or 'invalid'}"


@shared_task(name="vouchers.awards_expire")
def awards_expire_task():
    # Idempotent: an expired award is no longer pending.
    from vouchers.awards.services.decisions import awards_expire  # noqa: PLC0415  (task body: the services import this module)

    return awards_expire()
