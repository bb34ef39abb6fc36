"""Withdrawal: an application leaves the call at any stage. Written here, in the last
stage it changes: the status through intake's writer, the voucher it held freed and
offered to the reserve list (awards), a follow-up under way cancelled."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vouchers.awards.enums import AwardState
from vouchers.awards.models import AwardDecision
from vouchers.awards.services.decisions import reserve_promote
from vouchers.awards.services.state import award_decision_move
from vouchers.follow_up.enums import VOUCHER_EDITABLE_STAGES
from vouchers.follow_up.services.stage import follow_up_cancel
from vouchers.intake.enums import ApplicationStatus
from vouchers.intake.services.status import application_change_status


def application_withdraw(*, application, actor, reason):
    """Withdraw a draft or submitted application with the applicant's reason.

    Side effects: status → withdrawn with withdrawn_at and the reason, through the
    status writer (audited); a voucher it held is freed (``award_free_on_withdrawal``).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please give the reason for withdrawing."), code="reason_required")
    with transaction.atomic():
        withdrawn = application_change_status(
            application=application,
            to_status=ApplicationStatus.WITHDRAWN,
            actor=actor,
            data={"reason": reason},
            withdrawn_at=timezone.now(),
            withdrawal_reason=reason,
        )
        award_free_on_withdrawal(application=withdrawn, actor=actor, reason=reason)
    return withdrawn


def award_free_on_withdrawal(*, application, actor, reason):
    """A withdrawn application gives its voucher back (part of ``application_withdraw``).

    Side effects, when the application holds a voucher not yet declined: the answer
    becomes declined with the withdrawal's reason through the single writer
    (audited ``awards.withdrawn``), a follow-up still under way is cancelled, and,
    once the results are released, the first reserve is offered the voucher (before
    the release, the release itself tells every applicant).
    """
    Response = AwardDecision.Response
    decision = (
        AwardDecision.objects.select_for_update()
        .select_related("call")
        .filter(application=application, outcome=AwardDecision.Outcome.AWARDED, confirmed=True)
        .exclude(response__in=[Response.DECLINED, Response.EXPIRED])
        .first()
    )
    if decision is None:
        return None
    follow_up = getattr(decision, "follow_up", None)
    if follow_up is not None and follow_up.stage not in VOUCHER_EDITABLE_STAGES:
        raise ValidationError(
            _("The report and the claim of this voucher are being processed: contact Wallonie Design."),
            code="voucher_in_payment",
        )
    decision = award_decision_move(
        decision=decision,
        to_state=AwardState.DECLINED,
        actor=actor,
        action="withdrawn",
        data={"voucher": decision.voucher_code},
        responded_at=timezone.now(),
        decline_reason=reason,
    )
    if follow_up is not None:
        follow_up_cancel(follow_up=follow_up, actor=actor, reason=reason)
    if decision.call.results_published_at is not None:
        reserve_promote(call=decision.call, actor=None)
    return decision
