"""Application querysets by role: views never filter applications ad hoc."""

from django.db.models import Prefetch

from vouchers.intake.enums import PartyRole
from vouchers.intake.models import Application, ApplicationParty


def applications_for_owner(user):
    """The applicant's own applications with what the dashboard shows, in few queries."""
    return (
        Application.objects.filter(owner=user)
        .select_related("call")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=ApplicationParty.objects.filter(role__in=[PartyRole.SME, PartyRole.CREATIVE]),
            )
        )
        .order_by("-created_at")
    )


def application_for_owner(user, public_id):
    """One application of the user's, or None (the view answers 404 for anyone else's)."""
    return Application.objects.select_related("call").filter(owner=user, public_id=public_id).first()
