"""Writes to reviews: save a draft, submit (then locked), reopen (staff only)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vouchers.intake.services.calls import ensure_not_frozen
from vouchers.jury.models import Criterion, Review, Score
from vouchers.jury.selectors.jurors import applications_for_juror
from wecd_portal.audit import audit_record


def _ensure_cleared(application, juror):
    if not applications_for_juror(juror).filter(pk=application.pk, cleared=True).exists():
        raise ValidationError(
            _("You can review only the applications assigned to you, after declaring no conflict."),
            code="not_cleared",
        )


def _score_value(raw, criterion):
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise ValidationError(
            _("%(criterion)s: “%(value)s” is not a number."),
            code="score_format",
            params={"criterion": criterion.label, "value": raw},
        ) from None
    if not Decimal("0") <= value <= criterion.scale_max or (value * 2) % 1 != 0:
        raise ValidationError(
            _("%(criterion)s: the score must be between 0 and %(max)s, in steps of 0.5."),
            code="score_range",
            params={"criterion": criterion.label, "max": criterion.scale_max},
        )
    return value


def review_save(*, application, juror, answers, overall_comment):
    """Save a juror's draft review.

    ``answers`` maps criterion ids to (score, comment, justification). Side effects:
    creates or updates the Review and its Scores. Refuses a submitted review and a
    juror who is not assigned and cleared.
    """
    _ensure_cleared(application, juror)
    ensure_not_frozen(application.call)
    criteria = list(Criterion.objects.filter(call=application.call))
    errors, values = [], {}
    for criterion in criteria:
        score, comment, justification = answers.get(criterion.pk, (None, "", ""))
        try:
            values[criterion.pk] = (_score_value(score, criterion), comment.strip(), justification.strip())
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors, code="invalid_scores")
    with transaction.atomic():
        review, _created = Review.objects.select_for_update().get_or_create(
            application=application, juror=juror
        )
        if review.status == Review.Status.SUBMITTED:
            raise ValidationError(
                _("This review has been submitted: only staff can reopen it."), code="locked"
            )
        review.overall_comment = overall_comment.strip()
        review.save(update_fields=["overall_comment", "updated_at"])
        for criterion in criteria:
            value, comment, justification = values[criterion.pk]
            Score.objects.update_or_create(
                review=review,
                criterion=criterion,
                defaults={"value": value, "comment": comment, "justification": justification},
            )
    return review


def review_problems_by_field(review):
    """What prevents submission, as (form field, message): a missing score or comment,
    an unjustified extreme score, no overall comment."""
    problems = []
    scores = {score.criterion_id: score for score in review.scores.all()}
    for criterion in Criterion.objects.filter(call=review.application.call):
        score = scores.get(criterion.pk)
        if score is None or score.value is None:
            problems.append(
                (f"score_{criterion.pk}", _("%(criterion)s: give a score.") % {"criterion": criterion.label})
            )
            continue
        if not score.comment:
            problems.append(
                (
                    f"comment_{criterion.pk}",
                    _("%(criterion)s: give a comment.") % {"criterion": criterion.label},
                )
            )
        if score.value in (Decimal("0"), Decimal(criterion.scale_max)) and not score.justification:
            problems.append(
                (
                    f"justification_{criterion.pk}",
                    _("%(criterion)s: justify the score of %(score)s, at the end of the scale.")
                    % {"criterion": criterion.label, "score": f"{score.value.normalize():f}"},
                )
            )
    if not review.overall_comment:
        problems.append(("overall_comment", _("Give an overall comment.")))
    return problems


def review_problems(review):
    """What prevents submission, as messages."""
    return [message for _field, message in review_problems_by_field(review)]


def review_submit(*, review, juror):
    """Submit a complete review; it is then locked.

    Side effects: status → submitted with the time; audit ``review.submitted`` with
    the scores. Refuses an incomplete review (listing what is missing).
    """
    with transaction.atomic():
        locked = Review.objects.select_for_update().select_related("application__call").get(pk=review.pk)
        if locked.juror_id != juror.pk:
            raise ValidationError(_("This is not your review."), code="not_owner")
        if locked.status == Review.Status.SUBMITTED:
            return locked
        _ensure_cleared(locked.application, juror)
        ensure_not_frozen(locked.application.call, lock=True)
        problems = review_problems_by_field(locked)
        if problems:
            # By field, so the form shows each problem next to its input (and in the summary).
            by_field = {}
            for field, message in problems:
                by_field.setdefault(field, []).append(ValidationError(str(message), code="incomplete_review"))
            raise ValidationError(by_field)
        locked.status = Review.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        audit_record(
            actor=juror,
            action="review.submitted",
            target=locked.application,
            data={
                "juror": juror.email,
                "scores": {s.criterion.code: str(s.value) for s in locked.scores.select_related("criterion")},
            },
        )
    return locked


def review_reopen(*, review, actor, reason):
    """Staff reopen a submitted review so the juror can change it. Side effects: status
    → draft; audit ``review.reopened`` with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for reopening the review."), code="reason_required")
    with transaction.atomic():
        locked = Review.objects.select_for_update().select_related("application__call").get(pk=review.pk)
        ensure_not_frozen(locked.application.call)
        if locked.status != Review.Status.SUBMITTED:
            return locked
        locked.status = Review.Status.DRAFT
        locked.submitted_at = None
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        audit_record(
            actor=actor,
            action="review.reopened",
            target=locked.application,
            data={"juror": locked.juror.email, "reason": reason},
        )
    return locked
