"""Reads of the clusters app: which applications and awards followed which work, and
the dashboard's figures. Every function runs a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vouchers.intake.enums import ApplicationStatus
from vouchers.models import Application, AwardDecision

from .enums import LEAD_PIPELINE, ActionStatus, AudienceType, LeadStatus, NeedCategory
from .models import AwarenessAction, Lead, NeedItem, Organisation


@dataclass(frozen=True)
class Claim:
    """An application said to follow an organisation's or an action's work."""

    application_id: int
    organisation_id: int | None
    action_id: int | None


def application_claims(*, organisation=None, action=None):
    """The claims, from the three sources: the applicant's "heard through" an
    organisation or an action (counted for each organisation the action involved),
    and leads linked to an application. Drafts do not count. With ``organisation``
    or ``action``, only the claims naming it (the queries select them too)."""
    submitted = Application.objects.exclude(status=ApplicationStatus.DRAFT)
    direct = submitted.filter(heard_via_organisation__isnull=False)
    through_actions = submitted.filter(heard_via_action__isnull=False)
    leads = Lead.objects.filter(application__isnull=False).exclude(
        application__status=ApplicationStatus.DRAFT
    )
    if organisation is not None:
        direct = direct.filter(heard_via_organisation=organisation)
        through_actions = through_actions.filter(heard_via_action__organisations=organisation)
        leads = leads.filter(organisation=organisation)
    if action is not None:
        direct = direct.none()
        through_actions = through_actions.filter(heard_via_action=action)
        leads = leads.filter(action=action)
    claims = [
        Claim(pk, organisation_id, None)
        for pk, organisation_id in direct.values_list("pk", "heard_via_organisation")
    ]
    claims += [
        Claim(pk, organisation_id, action_id)
        for pk, action_id, organisation_id in through_actions.values_list(
            "pk", "heard_via_action", "heard_via_action__organisations"
        )
    ]
    claims += [
        Claim(application_id, organisation_id, action_id)
        for application_id, organisation_id, action_id in leads.values_list(
            "application", "organisation", "action"
        )
    ]
    return [
        claim
        for claim in claims
        if (organisation is None or claim.organisation_id == organisation.pk)
        and (action is None or claim.action_id == action.pk)
    ]


def awarded_application_ids():
    """Applications holding a released voucher (not declined nor expired)."""
    return set(
        AwardDecision.objects.filter(
            outcome=AwardDecision.Outcome.AWARDED,
            confirmed=True,
            call__results_published_at__isnull=False,
        )
        .exclude(response__in=[AwardDecision.Response.DECLINED, AwardDecision.Response.EXPIRED])
        .values_list("application_id", flat=True)
    )


@dataclass
class Followed:
    """Applications and awards that followed, each application counted once."""

    applications: int
    awards: int


def followed_by(claims, awarded, *, key):
    """{organisation or action id: Followed}, counting distinct applications per key."""
    applications = defaultdict(set)
    for claim in claims:
        target = getattr(claim, key)
        if target is not None:
            applications[target].add(claim.application_id)
    return {target: Followed(len(ids), len(ids & awarded)) for target, ids in applications.items()}


def actions_in(period):
    """Actions whose date falls in ``period`` (date_from, date_to; either may be None)."""
    date_from, date_to = period
    actions = AwarenessAction.objects.all()
    if date_from:
        actions = actions.filter(starts_at__date__gte=date_from)
    if date_to:
        actions = actions.filter(starts_at__date__lte=date_to)
    return actions


def _in_period(queryset, field, period):
    date_from, date_to = period
    if date_from:
        queryset = queryset.filter(**{f"{field}__gte": date_from})
    if date_to:
        queryset = queryset.filter(**{f"{field}__lte": date_to})
    return queryset


def quarter_of(moment):
    local = timezone.localtime(moment)
    return local.year, (local.month - 1) // 3 + 1


def quarters_between(first, last):
    """Every (year, quarter) from ``first`` to ``last``, gaps included."""
    year, quarter = first
    result = []
    while (year, quarter) <= last:
        result.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return result


@dataclass
class Dashboard:
    held_by_organisation: list  # (organisation, held actions, Followed)
    held_by_quarter: list  # ("2014 Q3", count)
    reached: list  # (AudienceType, people)
    needs: list  # (NeedCategory, need items, companies concerned)
    funnel: list  # (key, label, count)
    applications: int
    awards: int


def dashboard(period=(None, None)):
    """The clusters dashboard's figures for actions, needs and leads dated in ``period``.

    - actions held per organisation and per quarter; people reached by type, over
      held actions;
    - needs by category: the items and the member companies concerned;
    - the lead funnel: leads that reached each stage (a lead that skipped a stage
      counts for it), dropped leads, then the distinct applications the leads led
      to and the awards among them;
    - applications and awards that followed any of the work, each counted once
      whatever the number of organisations, actions and leads claiming it.
    """
    held = actions_in(period).filter(status=ActionStatus.HELD)
    per_organisation = dict(
        held.values_list("organisations")
        .annotate(count=Count("pk", distinct=True))
        .values_list("organisations", "count")
    )
    claims, awarded = application_claims(), awarded_application_ids()
    followed = followed_by(claims, awarded, key="organisation_id")
    organisations = list(Organisation.objects.filter(Q(active=True) | Q(pk__in=per_organisation)))
    moments = sorted(held.values_list("starts_at", flat=True))
    counts = defaultdict(int)
    for moment in moments:
        counts[quarter_of(moment)] += 1
    quarters = quarters_between(quarter_of(moments[0]), quarter_of(moments[-1])) if moments else []
    audience = held.aggregate(
        **{kind.value: Sum(field) for kind, field in AwarenessAction.AUDIENCE_FIELDS.items()}
    )
    needs = _in_period(NeedItem.objects.all(), "assessment__assessed_on", period)
    per_category = {
        row["category"]: row
        for row in needs.values("category").annotate(items=Count("pk"), companies=Sum("companies_concerned"))
    }
    leads = _in_period(Lead.objects.all(), "identified_on", period)
    funnel_counts = leads.aggregate(
        **{
            status.value: Count("pk", filter=Q(furthest_rank__gte=rank))
            for rank, status in enumerate(LEAD_PIPELINE)
        },
        dropped=Count("pk", filter=Q(status=LeadStatus.DROPPED)),
    )
    lead_applications = set(
        leads.filter(application__isnull=False)
        .exclude(application__status=ApplicationStatus.DRAFT)
        .values_list("application", flat=True)
    )
    everything = {claim.application_id for claim in claims}
    return Dashboard(
        held_by_organisation=[
            (
                organisation,
                per_organisation.get(organisation.pk, 0),
                followed.get(organisation.pk, Followed(0, 0)),
            )
            for organisation in organisations
        ],
        held_by_quarter=[(f"{year} Q{quarter}", counts[(year, quarter)]) for year, quarter in quarters],
        reached=[(kind, audience[kind.value] or 0) for kind in AudienceType],
        needs=[
            (
                category,
                per_category.get(category.value, {}).get("items", 0),
                per_category.get(category.value, {}).get("companies") or 0,
            )
            for category in NeedCategory
        ],
        funnel=[
            *[(status.value, status.label, funnel_counts[status.value]) for status in LEAD_PIPELINE],
            ("dropped", LeadStatus.DROPPED.label, funnel_counts["dropped"]),
            ("applications", _("Voucher applications (distinct)"), len(lead_applications)),
            ("awards", _("Vouchers awarded"), len(lead_applications & awarded)),
        ],
        applications=len(everything),
        awards=len(everything & awarded),
    )
