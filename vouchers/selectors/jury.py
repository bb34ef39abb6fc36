"""What a juror may see: the eligible applications assigned to them, minus conflicts."""

from django.db.models import Exists, OuterRef, Prefetch

from vouchers.enums import ApplicationStatus, PartyRole
from vouchers.models import Application, ApplicationParty, ConflictDeclaration
from vouchers.services.jury import applications_blocked_for


def applications_for_juror(user):
    """Assigned, eligible, not conflicted; ``cleared`` tells whether the juror declared
    no conflict (and may therefore read the content)."""
    blocked = Application.objects.filter(applications_blocked_for(user)).values("pk")
    cleared = ConflictDeclaration.objects.filter(application=OuterRef("pk"), juror=user, has_conflict=False)
    return (
        Application.objects.filter(assignments__juror=user, status=ApplicationStatus.ELIGIBLE)
        .exclude(pk__in=blocked)
        .select_related("call")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=ApplicationParty.objects.filter(role__in=[PartyRole.SME, PartyRole.CREATIVE]),
            )
        )
        .annotate(cleared=Exists(cleared))
        .order_by("reference")
    )


def application_for_juror(user, public_id):
    return applications_for_juror(user).filter(public_id=public_id).first()
