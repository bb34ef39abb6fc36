"""The ranking of a call, read from the database in a constant number of queries."""

from django.db.models import Count, Exists, OuterRef, Prefetch

from vouchers.intake.enums import ApplicationStatus
from vouchers.intake.models import Application
from vouchers.jury.models import Assignment, Criterion, Review
from vouchers.jury.ranking import Candidate, CriterionSpec, ReviewScores, juror_leniency, rank


def criteria_of(call):
    return [
        CriterionSpec(code=c.code, weight=c.weight, scale=c.scale_max, minimum=c.minimum)
        for c in Criterion.objects.filter(call=call)
    ]


def ranking_inputs(call):
    criteria = criteria_of(call)
    codes = {c.code for c in criteria}
    applications = (
        Application.objects.filter(call=call, status=ApplicationStatus.ELIGIBLE)
        .annotate(assigned=Count("assignments", distinct=True))
        .select_related("consensus")
        .prefetch_related(
            Prefetch(
                "reviews",
                # A review counts while its juror still holds the assignment (a conflict
                # declared later, or a juror removed from the jury, takes it out).
                queryset=Review.objects.filter(
                    Exists(
                        Assignment.objects.filter(
                            application=OuterRef("application"),
                            juror=OuterRef("juror"),
                            application__call__jury__user=OuterRef("juror"),
                        )
                    ),
                    status=Review.Status.SUBMITTED,
                ).prefetch_related("scores__criterion"),
                to_attr="submitted_reviews",
            )
        )
        .order_by("reference")
    )
    candidates = []
    for application in applications:
        reviews = []
        for review in application.submitted_reviews:
            scores = {
                score.criterion.code: score.value for score in review.scores.all() if score.value is not None
            }
            if set(scores) >= codes:
                reviews.append(ReviewScores(juror=review.juror_id, scores=scores))
        candidates.append(
            Candidate(
                key=application.pk,
                reference=application.reference,
                submitted_at=application.submitted_at,
                assigned=application.assigned,
                reviews=reviews,
                consensus=consensus.final_score if (consensus := _consensus_of(application)) else None,
                consensus_mean=consensus.based_on_mean if consensus else None,
                public_id=application.public_id,
            )
        )
    return candidates, criteria


def call_ranking(call):
    """(rows best first, juror leniency {juror id: (mean, std)}, criteria)."""
    candidates, criteria = ranking_inputs(call)
    if not criteria:
        return [], {}, criteria
    rows = rank(
        candidates,
        criteria,
        threshold=call.pass_threshold,
        disagreement=call.disagreement_threshold,
        tie_break=call.tie_break_criterion or None,
    )
    return rows, juror_leniency(candidates, criteria), criteria


def _consensus_of(application):
    try:
        return application.consensus
    except Application.consensus.RelatedObjectDoesNotExist:
        return None
