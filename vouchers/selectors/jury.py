"""What a juror may see: the eligible applications assigned to them, minus conflicts."""

from django.db.models import Exists, OuterRef, Prefetch, Subquery

from vouchers.enums import ApplicationStatus, PartyRole
from vouchers.models import Application, ApplicationParty, ConflictDeclaration, Review
from vouchers.services.jury import applications_blocked_for


def applications_for_juror(user):
    """Assigned, eligible, not conflicted; ``cleared`` tells whether the juror declared
    no conflict (and may therefore read the content)."""
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
        )
        .order_by("reference")
    )


def application_for_juror(user, public_id):
    return applications_for_juror(user).filter(public_id=public_id).first()


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
