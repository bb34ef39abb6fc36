"""The holder's answer to the offer, where the follow-up begins: an acceptance opens
the voucher's follow-up; a decline frees the voucher for the reserve list."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vouchers.awards.enums import AwardState
from vouchers.awards.models import AwardDecision
from vouchers.awards.services.decisions import reserve_promote
from vouchers.awards.services.state import award_decision_move
from vouchers.follow_up.services.stage import follow_up_open


def award_respond(*, decision, actor, accept, reason=""):
    """The awarded applicant accepts or declines the voucher before the deadline.

    Side effects: the answer and its time through the single writer (audited
    ``awards.accepted`` or ``awards.declined``); an acceptance opens the voucher's
    follow-up; a decline frees the voucher and offers it to the first application on
    the reserve list.
    """
    Response = AwardDecision.Response
    with transaction.atomic():
        locked = (
            AwardDecision.objects.select_for_update()
            .select_related("call", "application")
            .get(pk=decision.pk)
        )
        if locked.application.owner_id != actor.pk:
            raise ValidationError(_("Only the applicant can answer."), code="not_owner")
        if locked.response != Response.PENDING:
            raise ValidationError(_("This voucher has already been answered."), code="answered")
        if locked.accept_by and timezone.localdate() > locked.accept_by:
            raise ValidationError(_("The deadline to answer has passed."), code="too_late")
        reason = (reason or "").strip()
        if not accept and not reason:
            raise ValidationError(_("Please give the reason for declining."), code="reason_required")
        locked = award_decision_move(
            decision=locked,
            to_state=AwardState.ACCEPTED if accept else AwardState.DECLINED,
            actor=actor,
            action="accepted" if accept else "declined",
            data={"voucher": locked.voucher_code, "reason": "" if accept else reason},
            responded_at=timezone.now(),
            decline_reason="" if accept else reason,
        )
        if accept:
            follow_up_open(decision=locked, actor=actor)
        else:
            reserve_promote(call=locked.call, actor=None)
    return locked
