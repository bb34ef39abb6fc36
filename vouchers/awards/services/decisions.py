"""Award decisions: proposal from the frozen ranking, changes, and the capped grant."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from vouchers.awards.enums import AwardState
from vouchers.awards.models import VOUCHER_NUMBER_CONSTRAINT, AwardDecision
from vouchers.awards.services.state import (
    CONFIRMED_BY_OUTCOME,
    PROPOSED_BY_OUTCOME,
    award_decision_move,
    award_move_check,
    reserve_renumber,
)
from vouchers.common.correspondence import letter_enqueue
from vouchers.intake.enums import ApplicationStatus
from vouchers.intake.models import Application, Call
from vouchers.jury.models import RankingSnapshot
from wecd_portal.audit import audit_record
from wecd_portal.core.templatetags.portal import format_long_date
from wecd_portal.notifications.services import outbox_queue

Outcome = AwardDecision.Outcome


def voucher_code(call, number):
    return f"{call.reference_prefix}-V-{call.opens_at.year}-{number:02d}"


def awards_propose(*, call, actor):
    """Propose a decision for every ranked application, from the frozen ranking.

    Awarded: the best applications that pass, up to the number of vouchers and the
    budget; reserve: the next ones that pass, numbered; not selected: the rest.
    Side effects: creates or refreshes the unconfirmed AwardDecision rows through
    the single writer; audit ``awards.proposed``. Refuses without a frozen ranking,
    and once the decisions are confirmed.
    """
    snapshot = RankingSnapshot.objects.filter(call=call).first()
    if snapshot is None:
        raise ValidationError(_("Freeze the ranking before proposing the awards."), code="not_frozen")
    if AwardDecision.objects.filter(call=call, confirmed=True).exists():
        raise ValidationError(
            _("The award decisions of this call are confirmed: there is nothing left to propose."),
            code="confirmed",
        )
    places = min(call.voucher_count, int(call.budget // call.voucher_amount))
    awarded, reserve, counts = 0, 0, {Outcome.AWARDED: 0, Outcome.RESERVE: 0, Outcome.NOT_SELECTED: 0}
    with transaction.atomic():
        Call.objects.select_for_update().get(pk=call.pk)
        for row in snapshot.rows["rows"]:
            # An application withdrawn since the freeze gets no decision.
            application = Application.objects.filter(
                pk=row["application"], call=call, status=ApplicationStatus.ELIGIBLE
            ).first()
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
            if decision is None:
                AwardDecision.objects.create(
                    call=call,
                    application=application,
                    rank=row["rank"],
                    proposed_outcome=proposal,
                    outcome=proposal,
                    reserve_position=position,
                    decided_by=actor,
                )
            elif not decision.confirmed:
                award_decision_move(
                    decision=decision,
                    to_state=PROPOSED_BY_OUTCOME[proposal],
                    actor=actor,
                    action="reproposed",
                    rank=row["rank"],
                    proposed_outcome=proposal,
                    justification="",
                    decided_by=actor,
                )
        reserve_renumber(call_id=call.pk)
        audit_record(
            actor=actor, action="awards.proposed", target=call, data={k: v for k, v in counts.items()}
        )
    return counts


def award_change_check(*, decision, outcome, justification):
    """The checks of a change to a proposal (shared by the service and the admin form)."""
    justification = (justification or "").strip()
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose a decision."), code="outcome_required")
    if decision.confirmed:
        raise ValidationError(_("This decision is confirmed: it can no longer change."), code="confirmed")
    if outcome != decision.proposed_outcome and not justification:
        raise ValidationError(
            _("A change to the proposal needs a justification."), code="justification_required"
        )
    award_move_check(decision, PROPOSED_BY_OUTCOME[outcome])
    return justification


def award_change(*, decision, outcome, justification, actor):
    """Staff change a proposal before confirmation, with a justification.

    Side effects: the new outcome and justification through the single writer (a
    reserve gets its position, the reserve list is renumbered by rank); audit
    ``awards.changed``.
    """
    with transaction.atomic():
        locked = AwardDecision.objects.select_for_update().get(pk=decision.pk)
        justification = award_change_check(decision=locked, outcome=outcome, justification=justification)
        previous = locked.outcome
        return award_decision_move(
            decision=locked,
            to_state=PROPOSED_BY_OUTCOME[outcome],
            actor=actor,
            action="changed",
            data={"from_outcome": previous, "to_outcome": outcome, "justification": justification},
            justification=justification,
            decided_by=actor,
        )


def _voucher_for(call):
    """The next voucher (number, code, amount) of a locked call, within the cap and budget."""
    # Vouchers declined or not answered in time are free again.
    granted = AwardDecision.objects.filter(call=call, outcome=Outcome.AWARDED, confirmed=True).exclude(
        response__in=[AwardDecision.Response.DECLINED, AwardDecision.Response.EXPIRED]
    )
    committed = granted.aggregate(total=Sum("amount"))["total"] or 0
    if granted.count() >= call.voucher_count:
        raise ValidationError(
            _("All %(count)s vouchers of the call are awarded."),
            code="cap_reached",
            params={"count": call.voucher_count},
        )
    if committed + call.voucher_amount > call.budget:
        raise ValidationError(_("This award would exceed the call’s budget."), code="budget_exceeded")
    number = (AwardDecision.objects.filter(call=call).aggregate(top=Max("voucher_number"))["top"] or 0) + 1
    return {
        "voucher_number": number,
        "voucher_code": voucher_code(call, number),
        "amount": call.voucher_amount,
    }


def _is_voucher_number_race(error):
    """The integrity error is the unique voucher number (a concurrent grant took it),
    not another constraint: PostgreSQL names the constraint, SQLite the columns."""
    diag = getattr(error.__cause__, "diag", None)
    if diag is not None:
        return diag.constraint_name == VOUCHER_NUMBER_CONSTRAINT
    return "voucher_number" in str(error.__cause__)


def _move_with_voucher(*, decision, call, to_state, actor, action, **fields):
    """A move that gives the decision the call's next voucher; a number taken by a
    concurrent grant is refused, never shared (the unique constraint)."""
    voucher = _voucher_for(call)
    try:
        with transaction.atomic():
            return award_decision_move(
                decision=decision,
                to_state=to_state,
                actor=actor,
                action=action,
                data={"voucher": voucher["voucher_code"], "amount": str(voucher["amount"])},
                **voucher,
                **fields,
            )
    except IntegrityError as error:
        if not _is_voucher_number_race(error):
            raise
        raise ValidationError(_("This voucher number is taken; try again."), code="race") from error


def award_grant(*, decision, actor):
    """Confirm one proposed award: give it the next voucher number of the call, within the cap.

    The call's row lock serialises grants, and the unique (call, voucher number)
    constraint backs it: concurrent grants can never exceed the number of vouchers
    nor the budget. Side effects: the voucher number, code and amount, and the
    confirmation, through the single writer; audit ``awards.granted``.
    """
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=decision.call_id)
        locked = AwardDecision.objects.select_for_update().get(pk=decision.pk)
        if locked.confirmed and locked.voucher_code:
            return locked
        if locked.outcome != Outcome.AWARDED:
            raise ValidationError(_("Only an award can receive a voucher."), code="not_awarded")
        return _move_with_voucher(
            decision=locked, call=call, to_state=AwardState.AWARDED, actor=actor, action="granted"
        )


def awards_confirm(*, call, actor):
    """Confirm every decision of the call, all or nothing: awards in rank order get
    their vouchers, and the reserve and not-selected decisions are confirmed.

    Side effects, in one transaction under the call's row lock: each decision
    confirmed through the single writer (audit ``awards.granted`` or
    ``awards.confirmed`` each); the redress deadline of the reserve and
    not-selected applications (today + the call's redress days), which their letters
    and the results e-mail quote; audit ``awards.confirmed`` on the call. Any refusal
    (cap, budget, a missing decision) leaves every decision unconfirmed. Returns the
    number of vouchers granted.
    """

    with transaction.atomic():
        locked_call = Call.objects.select_for_update().get(pk=call.pk)
        pending = list(AwardDecision.objects.filter(call=locked_call, confirmed=False).order_by("rank"))
        if not pending:
            raise ValidationError(
                _("No decision awaits confirmation: propose the awards first."), code="nothing_to_confirm"
            )
        undecided = (
            Application.objects.filter(call=locked_call, status=ApplicationStatus.ELIGIBLE)
            .exclude(award_decision__isnull=False)
            .values_list("reference", flat=True)
        )
        if undecided:
            raise ValidationError(
                _("Some eligible applications have no decision (%(refs)s): propose the awards again."),
                code="undecided",
                params={"refs": ", ".join(sorted(undecided))},
            )
        awards = [decision for decision in pending if decision.outcome == Outcome.AWARDED]
        if len(awards) > locked_call.voucher_count:
            raise ValidationError(
                _("%(awards)s awards for %(count)s vouchers: change the decisions first."),
                code="cap_reached",
                params={"awards": len(awards), "count": locked_call.voucher_count},
            )
        granted = 0
        for decision in pending:
            if decision.outcome == Outcome.AWARDED:
                _move_with_voucher(
                    decision=decision,
                    call=locked_call,
                    to_state=AwardState.AWARDED,
                    actor=actor,
                    action="granted",
                )
                granted += 1
            else:
                award_decision_move(
                    decision=decision,
                    to_state=CONFIRMED_BY_OUTCOME[decision.outcome],
                    actor=actor,
                    action="confirmed",
                )
        redress = timezone.localdate() + dt.timedelta(days=locked_call.redress_days)
        Application.objects.filter(
            award_decision__in=[d.pk for d in pending if d.outcome != Outcome.AWARDED]
        ).update(redress_deadline=redress)
        audit_record(
            actor=actor,
            action="awards.confirmed",
            target=locked_call,
            data={"granted": granted, "confirmed": len(pending), "redress_deadline": redress.isoformat()},
        )
    return granted


def reserve_promote(*, call, actor):
    """Offer a freed voucher to the first application on the reserve list.

    Side effects: the reserve decision is offered a new voucher number (within the
    cap) with an answer deadline, through the single writer (audit
    ``awards.promoted``); its letter is re-rendered and the applicant emailed, after
    commit. Returns the promoted decision, or None when the list is empty.
    """

    first = (
        AwardDecision.objects.select_for_update()
        .filter(call=call, outcome=Outcome.RESERVE, confirmed=True)
        .order_by("reserve_position", "rank")
        .first()
    )
    if first is None:
        return None
    locked_call = Call.objects.select_for_update().get(pk=call.pk)
    promoted = _move_with_voucher(
        decision=first,
        call=locked_call,
        to_state=AwardState.OFFERED,
        actor=actor,
        action="promoted",
        promoted_at=timezone.now(),
        accept_by=timezone.localdate() + dt.timedelta(days=locked_call.acceptance_days),
    )
    _notify_offer(promoted)
    return promoted


def _notify_offer(decision):
    application = decision.application
    letter_enqueue(application.pk)
    language = application.owner.language
    with translation.override(language):
        path = reverse("application_detail", args=[application.public_id])
        due = format_long_date(decision.accept_by)
    outbox_queue(
        template="voucher_offered",
        recipients=[application.owner.email],
        language=language,
        context={
            "reference": application.reference,
            "title": application.title,
            "voucher_code": decision.voucher_code,
            "due_date": due,
            "url": settings.WECD_SITE_URL.rstrip("/") + path,
        },
        dedupe_key=f"voucher-offered:{decision.pk}:{decision.voucher_code}",
    )


def awards_expire(*, today=None):
    """Awards not answered by their deadline expire and go to the reserve list.

    Side effects: response → expired (audited ``awards.expired``) and one promotion
    per expired voucher. Returns the number expired.
    """

    today = today or timezone.localdate()
    expired = 0
    for decision in AwardDecision.objects.filter(
        response=AwardDecision.Response.PENDING, accept_by__lt=today
    ):
        with transaction.atomic():
            locked = (
                AwardDecision.objects.select_for_update()
                .select_related("call", "application")
                .get(pk=decision.pk)
            )
            if locked.response != AwardDecision.Response.PENDING:
                continue
            award_decision_move(
                decision=locked,
                to_state=AwardState.EXPIRED,
                actor=None,
                action="expired",
                data={"voucher": locked.voucher_code},
            )
            reserve_promote(call=locked.call, actor=None)
            expired += 1
    return expired
