"""Writes to the eligibility checklist: run the rules, record staff verdicts."""

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vouchers.eligibility.checks import all_rules
from vouchers.eligibility.models import EligibilityResult
from vouchers.eligibility.registry import Outcome
from vouchers.intake.enums import SCREENING_STATUSES
from vouchers.intake.models import Application
from vouchers.intake.services.calls import ensure_not_frozen
from wecd_portal.audit import audit_record


def eligibility_run(*, application, actor=None, now=None):
    """Run every registered rule on a submitted application and store the results.

    Side effects: locks the application; inserts or updates one EligibilityResult per
    rule (outcome, reasons in French and English, facts, rule version, time). A staff
    verdict is kept while the facts it judged are unchanged, and cleared otherwise;
    audit entry ``eligibility.run`` with the count of each outcome. Idempotent.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        ensure_screening(locked)
        existing = {result.rule_code: result for result in locked.eligibility_results.all()}
        counts = {Outcome.PASS: 0, Outcome.FAIL: 0, Outcome.REVIEW: 0}
        cleared = []
        for rule in all_rules():
            outcome = rule.run(locked)
            counts[outcome.outcome] += 1
            result = existing.get(rule.code) or EligibilityResult(application=locked, rule_code=rule.code)
            if result.pk and result.verdict and result.facts_hash != outcome.facts_hash:
                cleared.append(rule.code)
                result.verdict, result.verdict_justification, result.verdict_by, result.verdict_at = (
                    "",
                    "",
                    None,
                    None,
                )
            result.rule_version = rule.version
            result.outcome = outcome.outcome
            result.reason_fr = outcome.reason.render("fr")
            result.reason_en = outcome.reason.render("en")
            result.facts = _json_safe(outcome.facts)
            result.facts_hash = outcome.facts_hash
            result.evaluated_at = now
            result.save()
        audit_record(
            actor=actor,
            action="eligibility.run",
            target=locked,
            data={
                "pass": counts[Outcome.PASS],
                "fail": counts[Outcome.FAIL],
                "review": counts[Outcome.REVIEW],
                "verdicts_cleared": cleared,
            },
        )
    return list(locked.eligibility_results.all())


def ensure_screening(application):
    """The checklist only changes while eligibility is being checked, never after a
    decision nor once the call's ranking is frozen."""
    ensure_not_frozen(application.call)
    if application.status not in SCREENING_STATUSES:
        raise ValidationError(
            _(
                "The eligibility of this application has been decided (“%(status)s”): its checklist is closed."
            ),
            code="decided",
            params={"status": application.get_status_display()},
        )


def _json_safe(value):
    return json.loads(json.dumps(value, default=str))


def eligibility_verdict_check(*, result, verdict, justification):
    """Why a verdict is refused (shared by the service and the admin form); returns
    the cleaned justification."""
    justification = (justification or "").strip()
    if verdict not in EligibilityResult.Verdict.values:
        raise ValidationError(_("Choose a verdict."), code="verdict_required")
    if not justification:
        raise ValidationError(_("A verdict needs a written justification."), code="justification_required")
    ensure_screening(result.application)
    return justification


def eligibility_verdict_record(*, result, actor, verdict, justification):
    """Staff resolve a REVIEW, or override an automatic result, with a justification.

    Side effects: saves verdict, justification, author and time on the result; audit
    entry ``eligibility.verdict`` (or ``eligibility.override`` when it contradicts
    the automatic result).
    """
    with transaction.atomic():
        locked = (
            EligibilityResult.objects.select_for_update()
            .select_related("application__call")
            .get(pk=result.pk)
        )
        justification = eligibility_verdict_check(result=locked, verdict=verdict, justification=justification)
        override = locked.outcome not in (Outcome.REVIEW, verdict)  # contradicts a PASS or FAIL
        locked.verdict = verdict
        locked.verdict_justification = justification
        locked.verdict_by = actor
        locked.verdict_at = timezone.now()
        locked.save(update_fields=["verdict", "verdict_justification", "verdict_by", "verdict_at"])
        audit_record(
            actor=actor,
            action="eligibility.override" if override else "eligibility.verdict",
            target=locked.application,
            data={
                "rule": locked.rule_code,
                "outcome": locked.outcome,
                "verdict": verdict,
                "justification": justification,
            },
        )
    return locked
