"""Submitting an application: deadline, completeness, reference, receipt, email."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from vouchers.eligibility.tasks import eligibility_run_task
from vouchers.intake.completeness import application_problems
from vouchers.intake.enums import ACTIVE_SUBMITTED_STATUSES, ApplicationStatus, CallState, PartyRole
from vouchers.intake.models import Application, Call
from vouchers.intake.services.applications import call_closed_error
from vouchers.intake.services.companies import company_register
from vouchers.intake.services.status import application_change_status
from wecd_portal.core.work import work_request
from wecd_portal.documents import render_pdf
from wecd_portal.notifications.services import Attachment as MailAttachment
from wecd_portal.notifications.services import outbox_queue


class SubmissionIncomplete(ValidationError):
    """The application cannot be submitted yet; ``problems`` says why, per section."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__([problem.message for problem in problems], code="incomplete")


@dataclass(frozen=True)
class SubmissionResult:
    application: Application
    already_submitted: bool


def _recipients(application, parties):
    addresses = [application.owner.email] + [party.contact_email for party in parties if party.contact_email]
    return addresses  # the outbox removes duplicates, whatever their case


def sme_has_submitted(*, call_id, enterprise_number, exclude_pk=None):
    """Whether this SME already has a submitted application in the call."""
    if not enterprise_number:
        return False
    return (
        Application.objects.filter(
            call_id=call_id, sme_enterprise_number=enterprise_number, status__in=ACTIVE_SUBMITTED_STATUSES
        )
        .exclude(pk=exclude_pk)
        .exists()
    )


def sme_already_applied_error():
    return ValidationError(
        _("This SME has already submitted an application to this call: only one is allowed."),
        code="sme_already_applied",
    )


def receipt_context(application):
    parties = {party.role: party for party in application.parties.all()}
    return {
        "application": application,
        "call": application.call,  # the letterhead's sender
        "sme": parties.get(PartyRole.SME),
        "creative": parties.get(PartyRole.CREATIVE),
        "holdings": list(parties[PartyRole.SME].holdings.all()) if PartyRole.SME in parties else [],
        "indicators": list(application.indicators.all()),
        "tasks": list(application.tasks.all()),
        "aids": list(application.de_minimis_aids.all()),
        "attachments": list(application.attachments.all()),
        "subject": _("Acknowledgement of receipt of your application"),
        "reference": application.reference,
        "letter_date": timezone.localdate(application.submitted_at),
        "recipient_lines": [],
    }


def _render_receipt(application):
    with translation.override(application.owner.language):
        return render_pdf("pdf/receipt.html", receipt_context(application))


def application_submit(*, application, actor, now=None):
    """Submit a draft: once, before the deadline, complete, with a gap-free reference.

    Side effects (one transaction): locks the application, then the call to take the
    next reference number; status → submitted with submitted_at (audited); registers
    both companies in the registry; stores the PDF receipt; queues the confirmation
    email with the receipt to the owner and both contacts (sent by Celery after
    commit; kept in the outbox if the broker is down). A second call on a submitted
    application returns it unchanged.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("call", "owner")
            .get(pk=application.pk)
        )
        if locked.status == ApplicationStatus.SUBMITTED:
            return SubmissionResult(application=locked, already_submitted=True)
        if locked.status != ApplicationStatus.DRAFT:
            raise ValidationError(
                _("This application is “%(status)s” and cannot be submitted."),
                code="not_draft",
                params={"status": locked.get_status_display()},
            )
        if locked.call.state_at(now) != CallState.OPEN:
            if locked.call.state_at(now) == CallState.UPCOMING:
                raise ValidationError(
                    _("The call opens on %(opens)s (Brussels time): you can submit from then on."),
                    code="call_not_open",
                    params={
                        "opens": date_format(timezone.localtime(locked.call.opens_at), "DATETIME_FORMAT")
                    },
                )
            raise call_closed_error(locked.call)
        problems = application_problems(locked, now=now)
        if problems:
            raise SubmissionIncomplete(problems)

        if sme_has_submitted(
            call_id=locked.call_id, enterprise_number=locked.sme_enterprise_number, exclude_pk=locked.pk
        ):
            raise sme_already_applied_error()
        call = Call.objects.select_for_update().get(pk=locked.call_id)
        Call.objects.filter(pk=call.pk).update(last_sequence=F("last_sequence") + 1)
        call.refresh_from_db(fields=["last_sequence"])
        reference = call.reference_for(call.last_sequence)
        try:
            with transaction.atomic():
                submitted = application_change_status(
                    application=locked,
                    to_status=ApplicationStatus.SUBMITTED,
                    actor=actor,
                    data={"reference": reference},
                    submitted_at=now,
                    sequence=call.last_sequence,
                    reference=reference,
                )
        except IntegrityError as error:
            # Only a concurrent submission for the same SME can land here.
            if "one_active_application_per_sme_per_call" not in str(
                error
            ) and "sme_enterprise_number" not in str(error):
                raise
            raise sme_already_applied_error() from error
        submitted.call = call
        parties = list(submitted.parties.all())
        for party in parties:
            company_register(party=party, actor=actor)

        receipt = _render_receipt(submitted)
        submitted.receipt_sha256 = hashlib.sha256(receipt).hexdigest()
        submitted.receipt.save(f"{submitted.reference}.pdf", ContentFile(receipt), save=False)
        try:
            _save_receipt_and_queue_email(submitted, parties, call, receipt, now)
        except Exception:
            submitted.receipt.delete(save=False)  # the transaction rolls back: no orphan file
            raise
    return SubmissionResult(application=submitted, already_submitted=False)


def _save_receipt_and_queue_email(submitted, parties, call, receipt, now):
    """Store the receipt on the application and queue the confirmation email."""
    submitted.save(update_fields=["receipt", "receipt_sha256"])
    language = submitted.owner.language
    with translation.override(language):
        submitted_at_text = date_format(timezone.localtime(now), "DATETIME_FORMAT")
        dashboard_path = reverse("application_dashboard")
    outbox_queue(
        template="application_submitted",
        recipients=_recipients(submitted, parties),
        language=language,
        context={
            "reference": submitted.reference,
            "title": submitted.title,
            "call_name": call.name_en if language == "en" else call.name_fr,
            "submitted_at": submitted_at_text,
            "dashboard_url": settings.WECD_SITE_URL.rstrip("/") + dashboard_path,
        },
        attachments=[MailAttachment(f"{submitted.reference}.pdf", receipt, "application/pdf")],
        dedupe_key=f"application-submitted:{submitted.pk}",
    )
    work_request(eligibility_run_task, application_id=submitted.pk)


def application_resubmit(*, application, actor):
    """The applicant sends back an application they were asked to complete.

    Side effects: re-checks completeness; status → submitted (audited), clearing the
    request; the eligibility rules run again after commit (Celery).
    """
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("call", "owner")
            .get(pk=application.pk)
        )
        if locked.status != ApplicationStatus.MORE_INFO:
            raise ValidationError(
                _("No information was requested for this application."), code="not_more_info"
            )
        problems = application_problems(locked)
        if problems:
            raise SubmissionIncomplete(problems)
        application_change_status(
            application=locked,
            to_status=ApplicationStatus.SUBMITTED,
            actor=actor,
            data={"resubmitted": True, "sections": locked.info_sections},
            info_sections=[],
            info_message="",
            info_due_date=None,
        )
        work_request(eligibility_run_task, application_id=locked.pk)
    return locked
