"""Thin tasks of the eligibility stage (leaves: see ``vouchers.intake.tasks``)."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _


@shared_task(name="vouchers.eligibility_run", pending_work=True, work_label=_("Eligibility rules run"))
def eligibility_run_task(*, application_id):
    # Idempotent: results are upserted per rule, so a redelivery leaves the same results
    # (and one more audit entry).
    from vouchers.eligibility.services.checklist import eligibility_run  # noqa: PLC0415  (task body: the services import this module)
    from vouchers.intake.enums import SCREENING_STATUSES  # noqa: PLC0415  (task body: the services import this module)
    from vouchers.intake.models import Application  # noqa: PLC0415  (task body: the services import this module)

    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        return "gone"
    if application.status not in SCREENING_STATUSES:
        return "decided"  # a late run must not touch a decided checklist
    return len(eligibility_run(application=application))
