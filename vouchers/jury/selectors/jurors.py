"""What a juror may see: the eligible applications assigned to them, minus conflicts."""

from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from vouchers.common.validators import format_enterprise_number
from vouchers.intake.enums import ApplicationStatus, PartyRole
from vouchers.intake.models import Application, ApplicationParty, Company
from vouchers.jury.models import (
    CompanyConflict,
    ConflictDeclaration,
    Criterion,
    JuryMember,
    RankingSnapshot,
    Review,
)
from vouchers.jury.ranking import rank, review_total
from vouchers.jury.selectors.standings import ranking_inputs
from vouchers.jury.services.assignment import applications_blocked_for


def applications_for_juror(user):
    """Assigned, eligible, not conflicted; ``cleared`` tells whether the juror declared
    no conflict (and may therefore read the content), ``call_frozen`` whether the
    call's ranking is frozen (the reviews are then closed)."""
    blocked = Application.objects.filter(applications_blocked_for(user)).values("pk")
    cleared = ConflictDeclaration.objects.filter(application=OuterRef("pk"), juror=user, has_conflict=False)
    return (
        Application.objects.filter(
            assignments__juror=user, status=ApplicationStatus.ELIGIBLE, call__jury__user=user
        )
        .exclude(pk__in=blocked)
        .select_related("call")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=ApplicationParty.objects.filter(role__in=[PartyRole.SME, PartyRole.CREATIVE]),
            )
        )
        .annotate(
            cleared=Exists(cleared),
            review_status=Subquery(
                Review.objects.filter(application=OuterRef("pk"), juror=user).values("status")[:1]
            ),
            call_frozen=Exists(RankingSnapshot.objects.filter(call=OuterRef("call"))),
        )
        .order_by("reference")
    )


def application_for_juror(user, public_id):
    return applications_for_juror(user).filter(public_id=public_id).first()


@dataclass
class CallGroup:
    """One call on the juror's dashboard: its applications and the progress."""

    call: object
    frozen: bool
    applications: list = field(default_factory=list)

    @property
    def submitted(self):
        return sum(application.review_status == Review.Status.SUBMITTED for application in self.applications)

    @property
    def to_declare(self):
        return 0 if self.frozen else sum(not application.cleared for application in self.applications)


def juror_dashboard_groups(user):
    """The juror's applications grouped by call: calls still under review first, then
    the most recent; within a call, by reference. Two queries, whatever the size."""
    applications = applications_for_juror(user).order_by(
        "call_frozen", "-call__opens_at", "call_id", "reference"
    )
    groups = []
    for application in applications:
        if not groups or groups[-1].call.pk != application.call_id:
            groups.append(CallGroup(call=application.call, frozen=application.call_frozen))
        groups[-1].applications.append(application)
    return groups


def with_company_names(conflicts):
    """Annotate ``company_name``: the registry's name for the enterprise number, else
    the name given in the latest application that involves it."""
    registry = Company.objects.filter(enterprise_number=OuterRef("enterprise_number")).values("name")[:1]
    parties = (
        ApplicationParty.objects.filter(enterprise_number=OuterRef("enterprise_number"))
        .order_by("-pk")
        .values("name")[:1]
    )
    return conflicts.annotate(company_name=Coalesce(Subquery(registry), Subquery(parties)))


def conflicts_of_juror(user):
    """Every conflict of interest on record for the juror (in force first, newest
    first), with ``company_name`` and ``enterprise_number_display``."""
    conflicts = list(
        with_company_names(CompanyConflict.objects.filter(juror=user)).order_by(
            F("withdrawn_at").desc(nulls_first=True), "-recorded_at"
        )
    )
    for conflict in conflicts:
        conflict.enterprise_number_display = format_enterprise_number(conflict.enterprise_number)
    return conflicts


def presides_a_jury(user):
    """Whether the user presides the jury of any call."""

    return JuryMember.objects.filter(user=user, is_president=True).exists()


def peer_reviews(application, user):
    """The other submitted reviews, anonymised, once the user's own is submitted and the
    call allows it; otherwise nothing."""
    own = Review.objects.filter(application=application, juror=user, status=Review.Status.SUBMITTED).exists()
    if not (own and application.call.peer_reviews_visible):
        return []
    return list(
        Review.objects.filter(application=application, status=Review.Status.SUBMITTED)
        .exclude(juror=user)
        .prefetch_related("scores__criterion")
        .order_by("submitted_at")
    )


@dataclass
class ReviewColumn:
    juror: object
    total: object  # weighted total on 100 (vouchers.jury.ranking.review_total)
    overall_comment: str
    submitted_at: object
    scores: dict  # criterion code -> Score


@dataclass
class DeliberationPanel:
    """The reviews the deliberation decides on: the ones the ranking counts."""

    criteria: list  # Criterion rows, in order
    columns: list  # ReviewColumn, in order of submission
    row: object  # the application's RankedRow (mean, spread, criterion means), or None

    def criterion_rows(self):
        """(criterion, [Score or None per column], mean of the criterion) per criterion."""
        means = self.row.criterion_means if self.row else {}
        return [
            (
                criterion,
                [column.scores.get(criterion.code) for column in self.columns],
                means.get(criterion.code),
            )
            for criterion in self.criteria
        ]


def deliberation_panel(application):
    """The submitted reviews counted in the ranking of ``application``, per juror, with
    their weighted totals, the mean and the spread, read in a constant number of
    queries (the ranking's own inputs and arithmetic, then the reviews' texts)."""

    call = application.call
    candidates, specs = ranking_inputs(call)
    candidate = next((c for c in candidates if c.key == application.pk), None)
    criteria = list(Criterion.objects.filter(call=call))
    if candidate is None or not specs or not candidate.reviews:
        return DeliberationPanel(criteria=criteria, columns=[], row=None)
    # The application's mean, spread and criterion means do not depend on the others.
    (row,) = rank(
        [candidate],
        specs,
        threshold=call.pass_threshold,
        disagreement=call.disagreement_threshold,
        tie_break=call.tie_break_criterion or None,
    )
    totals = {review.juror: review_total(review.scores, specs) for review in candidate.reviews}
    reviews = (
        Review.objects.filter(application=application, status=Review.Status.SUBMITTED, juror_id__in=totals)
        .select_related("juror")
        .prefetch_related("scores")
        .order_by("submitted_at", "pk")
    )
    codes = {criterion.pk: criterion.code for criterion in criteria}
    columns = [
        ReviewColumn(
            juror=review.juror,
            total=totals[review.juror_id],
            overall_comment=review.overall_comment,
            submitted_at=review.submitted_at,
            scores={codes[score.criterion_id]: score for score in review.scores.all()},
        )
        for review in reviews
    ]
    return DeliberationPanel(criteria=criteria, columns=columns, row=row)
