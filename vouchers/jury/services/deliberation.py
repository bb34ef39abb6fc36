"""Freezing a call's ranking: an immutable, timestamped snapshot."""

from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from vouchers.intake.enums import SCREENING_STATUSES
from vouchers.intake.models import Application, Call
from vouchers.intake.services.calls import ensure_not_frozen
from vouchers.jury.models import Consensus, RankingSnapshot
from vouchers.jury.ranking import review_total
from vouchers.jury.selectors.standings import call_ranking, criteria_of, ranking_inputs
from wecd_portal.audit import audit_record


def _plain(value):
    return None if value is None else str(value)


def ranking_rows_as_data(rows):
    return [
        {
            "rank": row.rank,
            "application": row.key,
            "reference": row.reference,
            "mean": _plain(row.mean),
            "final": _plain(row.final),
            "normalised": _plain(row.normalised),
            "criterion_means": {code: _plain(value) for code, value in row.criterion_means.items()},
            "spread": _plain(row.spread),
            "std_dev": _plain(row.std_dev),
            "reviews": row.reviews,
            "assigned": row.assigned,
            "incomplete": row.incomplete,
            "disagreement": row.disagreement,
            "below_minimum": row.below_minimum,
            "passes": row.passes,
            "consensus_stale": row.consensus_stale,
        }
        for row in rows
    ]


def freeze_blockers(call):
    """What still stands open before the ranking of ``call`` can be frozen.

    A list of ``{"code", "message", "references"}``, empty when the freeze may go on:
    applications without a final eligibility decision, eligible ones short of
    jurors or submitted reviews, without a consensus, or whose consensus is out of date.
    """

    blockers = []

    def add(code, message, references):
        if references:
            blockers.append({"code": code, "message": message, "references": sorted(references)})

    if timezone.now() <= call.closes_at:
        add("call_open", _("The call is still open: applications may still be submitted"), [str(call)])

    add(
        "eligibility_open",
        _("Applications still awaiting their eligibility decision"),
        Application.objects.filter(call=call, status__in=SCREENING_STATUSES).values_list(
            "reference", flat=True
        ),
    )
    rows, _leniency, _criteria = call_ranking(call)
    if not rows:
        add("nothing_ranked", _("No eligible application to rank"), [str(call)])
        return blockers
    needed = call.jurors_per_application
    add(
        "jurors_missing",
        _(
            "Eligible applications without the %(count)s jurors the call asks for (jurors assigned "
            "out of %(count)s): seat another juror and assign again, or lower the call’s jurors per application"
        )
        % {"count": needed},
        [f"{row.reference} ({row.assigned}/{needed})" for row in rows if row.assigned < needed],
    )
    add(
        "reviews_missing",
        _("Eligible applications whose assigned jurors have not all submitted their review"),
        [f"{row.reference} ({row.reviews}/{row.assigned})" for row in rows if row.reviews < row.assigned],
    )
    with_consensus = set(
        Consensus.objects.filter(application__call=call).values_list("application_id", flat=True)
    )
    add(
        "consensus_missing",
        _("Eligible applications without a consensus of the deliberation"),
        [row.reference for row in rows if row.key not in with_consensus],
    )
    add(
        "consensus_stale",
        _("Consensus out of date: the reviews changed since it was recorded"),
        [row.reference for row in rows if row.consensus_stale],
    )
    return blockers


def ranking_freeze(*, call, actor):
    """Freeze the call's ranking as it stands, once nothing stands open.

    Side effects: locks the call row; refuses (code ``freeze_blocked``) while
    ``freeze_blockers`` lists anything; writes the RankingSnapshot (rows, threshold,
    who, when); audit ``ranking.frozen``. From then on no eligibility decision,
    assignment, review or consensus changes in this call until a reasoned unfreeze.
    Refuses a second freeze.
    """
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        if RankingSnapshot.objects.filter(call=locked).exists():
            raise ValidationError(_("The ranking of this call is already frozen."), code="already_frozen")
        blockers = freeze_blockers(locked)
        if blockers:
            raise ValidationError(
                _("The ranking cannot be frozen yet: %(open)s."),
                code="freeze_blocked",
                params={
                    "open": "; ".join(
                        f"{item['message']} ({', '.join(item['references'])})" for item in blockers
                    )
                },
            )
        rows, leniency, _criteria = call_ranking(locked)
        emails = dict(get_user_model().objects.filter(pk__in=leniency).values_list("pk", "email"))
        data = {
            "threshold": str(locked.pass_threshold),
            "rows": ranking_rows_as_data(rows),
            "leniency": [
                [emails[pk], _plain(mean), _plain(std)] for pk, (mean, std) in sorted(leniency.items())
            ],
        }
        try:
            snapshot = RankingSnapshot.objects.create(call=locked, frozen_by=actor, rows=data)
        except IntegrityError as error:
            raise ValidationError(
                _("The ranking of this call is already frozen."), code="already_frozen"
            ) from error
        audit_record(actor=actor, action="ranking.frozen", target=locked, data={"applications": len(rows)})
    return snapshot


def consensus_problems(*, application, comments, final_score=None, justification=""):
    """Every reason ``consensus_record`` would refuse these values, without writing.

    Returns ``(mean, final, problems)``: the mean of the submitted reviews, the
    final score it would record and a list of ValidationError (codes
    ``score_format``, ``justification_required``, ``score_range``,
    ``comments_missing``), so a form can show them all at once. Raises
    ``no_reviews`` when nothing can be deliberated. No side effects.
    """

    criteria = criteria_of(application.call)
    candidates, _criteria = ranking_inputs(application.call)
    candidate = next((c for c in candidates if c.key == application.pk), None)
    if candidate is None or not candidate.reviews:
        raise ValidationError(_("No submitted review yet: nothing to deliberate on."), code="no_reviews")
    mean = sum((review_total(r.scores, criteria) for r in candidate.reviews), Decimal(0)) / len(
        candidate.reviews
    )
    mean = mean.quantize(Decimal("0.01"))
    problems = []
    final = mean
    if final_score not in (None, ""):
        try:
            final = Decimal(str(final_score).replace(",", ".")).quantize(Decimal("0.01"))
        except InvalidOperation:
            final = None
            problems.append(
                ValidationError(
                    _("“%(value)s” is not a score."), code="score_format", params={"value": final_score}
                )
            )
    if final is not None:
        if final != mean and not (justification or "").strip():
            problems.append(
                ValidationError(
                    _("A final score other than the mean (%(mean)s) needs a justification."),
                    code="justification_required",
                    params={"mean": number_format(mean, 2)},  # 70,00 in French
                )
            )
        if not Decimal(0) <= final <= Decimal(100):
            problems.append(
                ValidationError(_("The final score must be between 0 and 100."), code="score_range")
            )
    missing = [c.code for c in criteria if not (comments.get(c.code) or "").strip()]
    if missing:
        problems.append(
            ValidationError(
                _("Write the comment for the applicant on every criterion (missing: %(codes)s)."),
                code="comments_missing",
                params={"codes": ", ".join(missing)},
            )
        )
    return mean, final, problems


def consensus_record(*, application, actor, comments, final_score=None, justification=""):
    """Record the deliberation's consensus for an application.

    ``final_score`` defaults to the mean of the submitted reviews; another value
    needs a justification. ``comments`` gives the applicant one comment per
    criterion (code → text). Side effects: creates or replaces the Consensus;
    audit ``consensus.recorded``. Refused once the ranking is frozen, and with
    every problem ``consensus_problems`` finds (one ValidationError, or a list).
    """

    ensure_not_frozen(application.call)
    criteria = criteria_of(application.call)
    mean, final, problems = consensus_problems(
        application=application, comments=comments, final_score=final_score, justification=justification
    )
    if problems:
        raise problems[0] if len(problems) == 1 else ValidationError(problems)
    justification = (justification or "").strip()
    with transaction.atomic():
        ensure_not_frozen(application.call, lock=True)
        consensus, _created = Consensus.objects.update_or_create(
            application=application,
            defaults={
                "based_on_mean": mean,
                "final_score": final,
                "justification": justification,
                "comments": {c.code: comments[c.code].strip() for c in criteria},
                "decided_by": actor,
            },
        )
        audit_record(
            actor=actor,
            action="consensus.recorded",
            target=application,
            data={"mean": str(mean), "final": str(final), "justification": justification},
        )
    return consensus
