"""Award decisions: proposal from the frozen ranking, changes, and the capped grant."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext_lazy as _

from vouchers.models import Application, AwardDecision, Call, RankingSnapshot
from wecd_portal.audit import audit_record

Outcome = AwardDecision.Outcome


def voucher_code(call, number):
    return f"{call.reference_prefix}-V-{call.opens_at.year}-{number:02d}"


def awards_propose(*, call, actor):
    """Propose a decision for every ranked application, from the frozen ranking.

    Awarded: the best applications that pass, up to the number of vouchers and the
    budget; reserve: the next ones that pass, numbered; not selected: the rest.
    Side effects: creates or refreshes unconfirmed AwardDecision rows (confirmed
    ones are left alone); audit ``awards.proposed``. Refuses without a frozen ranking.
    """
    snapshot = RankingSnapshot.objects.filter(call=call).first()
    if snapshot is None:
        raise ValidationError(_("Freeze the ranking before proposing the awards."), code="not_frozen")
    places = min(call.voucher_count, int(call.budget // call.voucher_amount))
    awarded, reserve, counts = 0, 0, {Outcome.AWARDED: 0, Outcome.RESERVE: 0, Outcome.NOT_SELECTED: 0}
    with transaction.atomic():
        Call.objects.select_for_update().get(pk=call.pk)
        for row in snapshot.rows["rows"]:
            application = Application.objects.filter(pk=row["application"], call=call).first()
            if application is None:
                continue
            if row["passes"] and awarded < places:
                proposal, position = Outcome.AWARDED, None
                awarded += 1
            elif row["passes"]:
                reserve += 1
                proposal, position = Outcome.RESERVE, reserve
            else:
                proposal, position = Outcome.NOT_SELECTED, None
            counts[proposal] += 1
            decision = AwardDecision.objects.filter(application=application).first()
            if decision is not None and decision.confirmed:
                continue
            AwardDecision.objects.update_or_create(
                application=application,
                defaults={
                    "call": call,
                    "rank": row["rank"],
                    "proposed_outcome": proposal,
                    "outcome": proposal,
                    "reserve_position": position,
                    "justification": "",
                    "decided_by": actor,
                },
            )
        audit_record(
            actor=actor, action="awards.proposed", target=call, data={k: v for k, v in counts.items()}
        )
    return counts


def award_change(*, decision, outcome, justification, actor):
    """Staff change a proposal before confirmation, with a justification.

    Side effects: saves the new outcome and the justification; audit
    ``awards.changed``.
    """
    justification = (justification or "").strip()
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose a decision."), code="outcome_required")
    if outcome != decision.proposed_outcome and not justification:
        raise ValidationError(
            _("A change to the proposal needs a justification."), code="justification_required"
        )
    with transaction.atomic():
        locked = AwardDecision.objects.select_for_update().get(pk=decision.pk)
        if locked.confirmed:
            raise ValidationError(_("This decision is confirmed."), code="confirmed")
        previous = locked.outcome
        locked.outcome, locked.justification, locked.decided_by = outcome, justification, actor
        locked.save(update_fields=["outcome", "justification", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action="awards.changed",
            target=locked.application,
            data={"from": previous, "to": outcome, "justification": justification},
        )
    return locked


def award_grant(*, decision, actor):
    """Confirm an award: give it the next voucher number of the call, within the cap.

    The call's row lock serialises grants, and the unique (call, voucher number)
    constraint backs it: concurrent grants can never exceed the number of vouchers
    nor the budget. Side effects: sets the voucher number, code and amount and
    confirms the decision; audit ``awards.granted``.
    """
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=decision.call_id)
        locked = AwardDecision.objects.select_for_update().get(pk=decision.pk)
        if locked.confirmed and locked.voucher_code:
            return locked
        if locked.outcome != Outcome.AWARDED:
            raise ValidationError(_("Only an award can receive a voucher."), code="not_awarded")
        granted = AwardDecision.objects.filter(call=call, outcome=Outcome.AWARDED, confirmed=True)
        committed = granted.aggregate(total=Sum("amount"))["total"] or 0
        if granted.count() >= call.voucher_count:
            raise ValidationError(
                _("All %(count)s vouchers of the call are awarded."),
                code="cap_reached",
                params={"count": call.voucher_count},
            )
        if committed + call.voucher_amount > call.budget:
            raise ValidationError(_("This award would exceed the call’s budget."), code="budget_exceeded")
        number = (
            AwardDecision.objects.filter(call=call).aggregate(top=Max("voucher_number"))["top"] or 0
        ) + 1
        locked.voucher_number, locked.voucher_code = number, voucher_code(call, number)
        locked.amount, locked.confirmed = call.voucher_amount, True
        try:
            with transaction.atomic():
                locked.save(
                    update_fields=["voucher_number", "voucher_code", "amount", "confirmed", "decided_at"]
                )
        except IntegrityError as error:
            raise ValidationError(_("This voucher number is taken; try again."), code="race") from error
        audit_record(
            actor=actor,
            action="awards.granted",
            target=locked.application,
            data={"voucher": locked.voucher_code, "amount": str(locked.amount)},
        )
    return locked


def awards_confirm(*, call, actor):
    """Confirm every decision of the call: awards in rank order get their vouchers.

    Side effects: grants (see ``award_grant``), confirms reserve and not-selected
    decisions; audit ``awards.confirmed``. Returns the number of vouchers granted.
    """
    granted = 0
    for decision in AwardDecision.objects.filter(call=call, confirmed=False).order_by("rank"):
        if decision.outcome == Outcome.AWARDED:
            award_grant(decision=decision, actor=actor)
            granted += 1
        else:
            AwardDecision.objects.filter(pk=decision.pk).update(confirmed=True)
    audit_record(actor=actor, action="awards.confirmed", target=call, data={"granted": granted})
    return granted
