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


def award_respond(*, decision, actor, accept, reason=""):
    """The awarded applicant accepts or declines the voucher before the deadline.

    Side effects: records the answer and its time (audited ``awards.accepted`` or
    ``awards.declined``); a decline frees the voucher and offers it to the first
    application on the reserve list.
    """
    from django.utils import timezone

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
        locked.response = Response.ACCEPTED if accept else Response.DECLINED
        locked.responded_at = timezone.now()
        locked.decline_reason = "" if accept else reason
        locked.save(update_fields=["response", "responded_at", "decline_reason", "decided_at"])
        audit_record(
            actor=actor,
            action="awards.accepted" if accept else "awards.declined",
            target=locked.application,
            data={"voucher": locked.voucher_code, "reason": locked.decline_reason},
        )
        if accept:
            from vouchers.services.follow_up import follow_up_open

            follow_up_open(decision=locked, actor=actor)
        else:
            reserve_promote(call=locked.call, actor=None)
    return locked


def award_free_on_withdrawal(*, application, actor, reason):
    """A withdrawn application gives its voucher back (called by the withdrawal).

    Side effects, when the application holds a voucher not yet declined: the answer
    becomes declined with the withdrawal's reason (audited ``awards.withdrawn``), a
    follow-up still under way is cancelled, and, once the results are released, the
    first reserve is offered the voucher (before the release, the release itself
    tells every applicant).
    """
    from vouchers.enums import VOUCHER_EDITABLE_STAGES
    from vouchers.services.follow_up import follow_up_cancel

    Response = AwardDecision.Response
    decision = (
        AwardDecision.objects.select_for_update()
        .select_related("call")
        .filter(application=application, outcome=Outcome.AWARDED, confirmed=True)
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
    from django.utils import timezone

    decision.response, decision.responded_at, decision.decline_reason = (
        Response.DECLINED,
        timezone.now(),
        reason,
    )
    decision.save(update_fields=["response", "responded_at", "decline_reason", "decided_at"])
    audit_record(
        actor=actor, action="awards.withdrawn", target=application, data={"voucher": decision.voucher_code}
    )
    if follow_up is not None:
        follow_up_cancel(follow_up=follow_up, actor=actor, reason=reason)
    if decision.call.results_published_at is not None:
        reserve_promote(call=decision.call, actor=None)
    return decision


def reserve_promote(*, call, actor):
    """Offer a freed voucher to the first application on the reserve list.

    Side effects: the reserve decision becomes an award with a new voucher number
    (within the cap), an answer deadline and a pending answer; its letter is
    re-rendered and the applicant emailed, after commit; audit ``awards.promoted``.
    Returns the promoted decision, or None when the list is empty.
    """
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone, translation

    first = (
        AwardDecision.objects.select_for_update()
        .filter(call=call, outcome=Outcome.RESERVE, confirmed=True)
        .order_by("reserve_position")
        .first()
    )
    if first is None:
        return None
    first.outcome = Outcome.AWARDED
    with translation.override(settings.LANGUAGE_CODE):  # recorded in the staff's default language
        first.justification = str(_("Promoted from the reserve list: a voucher was freed."))
    first.confirmed = False
    first.save(update_fields=["outcome", "justification", "confirmed", "decided_at"])
    promoted = award_grant(decision=first, actor=actor)
    promoted.response = AwardDecision.Response.PENDING
    promoted.accept_by = timezone.localdate() + dt.timedelta(days=call.acceptance_days)
    promoted.save(update_fields=["response", "accept_by", "decided_at"])
    audit_record(
        actor=actor,
        action="awards.promoted",
        target=promoted.application,
        data={"voucher": promoted.voucher_code},
    )
    _notify_offer(promoted)
    return promoted


def _notify_offer(decision):
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation
    from django.utils.formats import date_format

    from vouchers.services.submission import _enqueue_letter
    from wecd_portal.notifications.services import outbox_queue

    application = decision.application
    _enqueue_letter(application.pk)
    language = application.owner.language
    with translation.override(language):
        path = reverse("application_detail", args=[application.public_id])
        due = date_format(decision.accept_by, "DATE_FORMAT")
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
    from django.utils import timezone

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
            locked.response = AwardDecision.Response.EXPIRED
            locked.save(update_fields=["response", "decided_at"])
            audit_record(
                actor=None,
                action="awards.expired",
                target=locked.application,
                data={"voucher": locked.voucher_code},
            )
            reserve_promote(call=locked.call, actor=None)
            expired += 1
    return expired
