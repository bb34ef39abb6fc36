"""Reads of vouchers' follow-ups: the applicant's one, and the staff dashboard's figures."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, OuterRef, Subquery, Sum, When
from django.utils import timezone

from vouchers.awards.models import AwardDecision
from vouchers.follow_up.enums import VOUCHER_AWAITING_APPLICANT, VoucherStage
from vouchers.follow_up.models import VoucherFollowUp
from vouchers.intake.enums import PartyRole
from vouchers.intake.models import ApplicationParty

ZERO = Decimal("0")


def follow_up_for_owner(user, public_id):
    """The follow-up of the user's own accepted voucher, or None (the view answers 404)."""
    return (
        VoucherFollowUp.objects.filter(
            decision__application__public_id=public_id, decision__application__owner=user
        )
        .select_related("decision__application__call", "decision__call", "report", "claim")
        .prefetch_related("files", "report__results", "decision__application__indicators")
        .first()
    )


@dataclass
class VoucherDashboard:
    """A call's money and vouchers, as the staff dashboard shows them.

    - committed: accepted vouchers not cancelled, at the amount paid once paid
      (a smaller invoice frees the difference), else at the voucher's amount;
    - offered: vouchers awarded and awaiting the applicant's answer;
    - paid: the amounts paid;
    - remaining: the budget less committed and offered.
    """

    budget: Decimal
    committed: Decimal
    offered: Decimal
    paid: Decimal
    stages: list = field(default_factory=list)
    offered_count: int = 0
    late: list = field(default_factory=list)

    @property
    def remaining(self):
        return self.budget - self.committed - self.offered


def voucher_dashboard(call, *, today=None):
    """The figures of ``call``'s dashboard, in a fixed number of queries."""
    today = today or timezone.localdate()
    follow_ups = VoucherFollowUp.objects.filter(decision__call=call)
    money = follow_ups.exclude(stage=VoucherStage.CANCELLED).aggregate(
        committed=Sum(
            Case(
                When(paid_amount__isnull=False, then=F("paid_amount")),
                default=F("decision__amount"),
                output_field=DecimalField(max_digits=12, decimal_places=2),
            )
        ),
        paid=Sum("paid_amount"),
    )
    offers = AwardDecision.objects.filter(
        call=call,
        outcome=AwardDecision.Outcome.AWARDED,
        confirmed=True,
        response=AwardDecision.Response.PENDING,
    ).aggregate(total=Sum("amount"), count=Count("pk"))
    counts = dict(follow_ups.values_list("stage").annotate(count=Count("pk")).values_list("stage", "count"))
    late = list(
        follow_ups.filter(stage__in=VOUCHER_AWAITING_APPLICANT, report_due_on__lt=today)
        .select_related("decision__application")
        .annotate(
            sme_name=Subquery(
                ApplicationParty.objects.filter(
                    application=OuterRef("decision__application"), role=PartyRole.SME
                ).values("name")[:1]
            )
        )
        .order_by("report_due_on", "decision__voucher_number")
    )
    for follow_up in late:
        follow_up.days_late = (today - follow_up.report_due_on).days
    return VoucherDashboard(
        budget=call.budget,
        committed=money["committed"] or ZERO,
        offered=offers["total"] or ZERO,
        offered_count=offers["count"],
        paid=money["paid"] or ZERO,
        stages=[(stage, counts.get(stage.value, 0)) for stage in VoucherStage],
        late=late,
    )
