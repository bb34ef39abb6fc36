"""Eligibility decisions: eligible, not eligible, more information needed, resubmission.

Each goes through the single status writer, is audited, and tells the applicant by
email (owner and both contacts, in the owner's language) through the outbox.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from vouchers.common.correspondence import letter_contact_email, letter_enqueue, redress_deadline_text
from vouchers.eligibility.checks import all_rules
from vouchers.eligibility.models import EligibilityResult
from vouchers.eligibility.registry import Outcome
from vouchers.eligibility.services.checklist import eligibility_run, ensure_screening
from vouchers.intake.completeness import SECTION_LABELS
from vouchers.intake.enums import ApplicationStatus
from vouchers.intake.models import BRUSSELS, Application
from vouchers.intake.services.status import application_change_status
from wecd_portal.core.models import AuditEntry
from wecd_portal.core.templatetags.portal import format_long_date
from wecd_portal.notifications.services import outbox_queue


def final_failures(application):
    """Results that count as failed: a FAIL verdict, or an automatic FAIL not overridden."""
    return [
        result
        for result in application.eligibility_results.all()
        if result.verdict == EligibilityResult.Verdict.FAIL
        or (not result.verdict and result.outcome == Outcome.FAIL)
    ]


def unresolved_results(application):
    return [result for result in application.eligibility_results.all() if result.is_unresolved]


def info_overdue(application, *, today=None):
    today = today or timezone.localdate()
    return application.status == ApplicationStatus.MORE_INFO and bool(
        application.info_due_date and application.info_due_date < today
    )


def _notify(application, *, template, context, dedupe_key):
    language = application.owner.language
    contacts = [party.contact_email for party in application.parties.all() if party.contact_email]
    with translation.override(language):
        path = reverse("application_detail", args=[application.public_id])
        call_name = application.call.name
    outbox_queue(
        template=template,
        recipients=[application.owner.email, *contacts],
        language=language,
        context={
            "reference": application.reference,
            "title": application.title,
            "call_name": call_name,
            "url": settings.WECD_SITE_URL.rstrip("/") + path,
            "contact_email": settings.WECD_CONTACT_EMAIL,
            **context,
        },
        dedupe_key=dedupe_key,
    )


def _locked(application):
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("call", "owner")
        .get(pk=application.pk)
    )


def application_declare_eligible(*, application, actor):
    """Declare a submitted application eligible: every rule run, none failed or unresolved.

    Side effects: status → eligible with the decision time (audited); emails the
    applicant that the application goes to the jury.
    """
    with transaction.atomic():
        locked = _locked(application)
        # Decide on fresh results: the rules run now, in this transaction.
        eligibility_run(application=locked, actor=actor)
        codes = {result.rule_code for result in locked.eligibility_results.all()}
        missing = [rule.code for rule in all_rules() if rule.code not in codes]
        if missing:
            raise ValidationError(
                _("Run the eligibility rules first (missing: %(codes)s)."),
                code="rules_not_run",
                params={"codes": ", ".join(missing)},
            )
        blocking = [result.rule_code for result in unresolved_results(locked) + final_failures(locked)]
        if blocking:
            raise ValidationError(
                _("Every point must pass or be resolved first: %(codes)s."),
                code="points_open",
                params={"codes": ", ".join(sorted(blocking))},
            )
        now = timezone.now()
        application_change_status(
            application=locked, to_status=ApplicationStatus.ELIGIBLE, actor=actor, eligibility_decided_at=now
        )
        _notify(locked, template="application_eligible", context={}, dedupe_key=f"eligible:{locked.pk}")
    return locked


def application_declare_ineligible(*, application, actor):
    """Declare an application not eligible, with the reason of each failed rule.

    Allowed when at least one point failed, or when requested information is overdue.
    Side effects: status → ineligible with the decision time, the reasons in French
    and English and the redress deadline (decision date in Brussels + the call's
    redress days), audited; emails the applicant each reason in their language and
    the date until which the decision may be contested (the letter prints the same);
    queues the rendering of the ineligibility letter, which the results release sends.
    """
    with transaction.atomic():
        locked = _locked(application)
        eligibility_run(application=locked, actor=actor)
        failures = final_failures(locked)
        overdue = info_overdue(locked)
        if not failures and not overdue:
            raise ValidationError(
                _("No point has failed: record a failing verdict first, with its justification."),
                code="nothing_failed",
            )
        now = timezone.now()
        reasons = {
            language: _decision_reasons(locked, failures, overdue, language) for language in ("fr", "en")
        }
        # The decision's date is a Brussels date, whatever the server's time zone.
        redress_deadline = timezone.localdate(now, BRUSSELS) + dt.timedelta(days=locked.call.redress_days)
        application_change_status(
            application=locked,
            to_status=ApplicationStatus.INELIGIBLE,
            actor=actor,
            data={"reasons": reasons, "redress_deadline": redress_deadline.isoformat()},
            eligibility_decided_at=now,
            decision_reasons=reasons,
            redress_deadline=redress_deadline,
        )
        language = locked.owner.language
        with translation.override(language):
            # Formatted as the letter formats it: the email and the letter give one date.
            deadline_text = redress_deadline_text(locked)
        _notify(
            locked,
            template="application_ineligible",
            context={
                "reasons": locked.reasons_in(language),
                "redress_deadline": deadline_text,
                "contact_email": letter_contact_email(locked.call),
            },
            dedupe_key=f"ineligible:{locked.pk}",
        )
        # The ineligibility letter, ready for the results release (which sends it).
        letter_enqueue(locked.pk)
    return locked


def _decision_reasons(application, failures, overdue, language):
    """The reasons of a "not eligible" decision, in ``language``: each failed rule's
    own failure reason (with the staff's comment, if any); for a point the rules
    passed or left to review and staff failed, the rule's title and the staff's
    justification — never a passing text nor the prompt written for reviewers."""
    rules = {rule.code: rule for rule in all_rules()}
    reasons = []
    with translation.override(language):
        for result in failures:
            rule = rules.get(result.rule_code)
            title = str(rule.title) if rule else result.rule_code
            if result.outcome == Outcome.FAIL:
                text = str(_("%(title)s: %(reason)s")) % {"title": title, "reason": result.reason(language)}
                if result.verdict == EligibilityResult.Verdict.FAIL and result.verdict_justification:
                    text += " " + str(
                        _("Wallonie Design’s comment: %(comment)s")
                        % {"comment": result.verdict_justification}
                    )
            else:
                text = str(_("%(title)s: %(reason)s")) % {
                    "title": title,
                    "reason": result.verdict_justification,
                }
            reasons.append(text)
        if overdue:
            reasons.append(
                str(_("The information requested by %(date)s was not provided."))
                % {"date": format_long_date(application.info_due_date)}
            )
    return reasons


def application_request_information(*, application, actor, sections, message, due_date):
    """Ask the applicant to complete named sections by a due date.

    Side effects: status → more_info with the sections, message and due date
    (audited); emails the applicant what to complete. Only those sections become
    editable; the applicant then resubmits (``application_resubmit``).
    """
    sections = [section for section in sections if section in SECTION_LABELS]
    message = (message or "").strip()
    if not sections:
        raise ValidationError(
            _("Name at least one section or the attachments to complete."), code="no_section"
        )
    if not message:
        raise ValidationError(_("Say what information is needed."), code="no_message")
    if not due_date or due_date <= timezone.localdate():
        raise ValidationError(_("The due date must be in the future."), code="due_date_past")
    with transaction.atomic():
        locked = _locked(application)
        ensure_screening(locked)
        application_change_status(
            application=locked,
            to_status=ApplicationStatus.MORE_INFO,
            actor=actor,
            data={"sections": sections, "due_date": due_date.isoformat(), "message": message},
            info_sections=sections,
            info_message=message,
            info_due_date=due_date,
        )
        language = locked.owner.language
        with translation.override(language):
            labels = [str(SECTION_LABELS[section]) for section in sections]
            due_text = format_long_date(due_date)
        # One message per request: the n-th request of this application.
        requests = AuditEntry.objects.filter(
            action="application.more_info", target_id=str(locked.pk), target_type__model="application"
        ).count()
        _notify(
            locked,
            template="application_more_info",
            context={"sections": labels, "message": message, "due_date": due_text},
            dedupe_key=f"more-info:{locked.pk}:{requests}",
        )
    return locked
