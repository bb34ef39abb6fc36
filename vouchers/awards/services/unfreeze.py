"""Taking the ranking back from the awards stage: the freeze undone, with a reason,
as long as no award decision is confirmed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vouchers.awards.models import AwardDecision
from vouchers.intake.models import Call
from vouchers.jury.models import RankingSnapshot
from wecd_portal.audit import audit_record


def ranking_unfreeze_check(*, call, reason):
    """Why an unfreeze is refused (shared by the service and the admin form)."""
    if not (reason or "").strip():
        raise ValidationError(_("Give the reason for unfreezing the ranking."), code="reason_required")
    if not RankingSnapshot.objects.filter(call_id=call.pk).exists():
        raise ValidationError(_("The ranking of this call is not frozen."), code="not_frozen")
    if AwardDecision.objects.filter(call_id=call.pk, confirmed=True).exists():
        raise ValidationError(
            _("The award decisions are confirmed: the ranking can no longer be unfrozen."),
            code="awards_confirmed",
        )


def ranking_unfreeze(*, call, actor, reason):
    """Unfreeze the ranking, with a reason, as long as no award decision is confirmed.

    Side effects: locks the call row; deletes the snapshot and the award proposals
    made from it (none is confirmed); audit ``ranking.unfrozen`` with the reason, the
    snapshot's rows and who froze it when, so the history keeps what was frozen.
    Eligibility, assignments, reviews and the deliberation are open again.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        ranking_unfreeze_check(call=locked, reason=reason)
        snapshot = RankingSnapshot.objects.select_related("frozen_by").get(call=locked)
        proposals, _by_model = AwardDecision.objects.filter(call=locked, confirmed=False).delete()
        audit_record(
            actor=actor,
            action="ranking.unfrozen",
            target=locked,
            data={
                "reason": reason,
                "frozen_at": snapshot.frozen_at.isoformat(),
                "frozen_by": snapshot.frozen_by.email,
                "proposals_discarded": proposals,
                "snapshot": snapshot.rows,
            },
        )
        snapshot.delete()
