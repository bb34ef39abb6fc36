"""A small, hand-countable clusters world: two organisations, five actions, two needs
assessments, four leads and four applications (README: how the figures are computed)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from clusters.models import AwarenessAction, NeedAssessment, NeedItem, Organisation
from clusters.services import lead_create, lead_move
from vouchers.models import Application, AwardDecision, Company
from vouchers.tests.factories import CallFactory, complete_application, enterprise_number
from wecd_portal.tests.factories import applicant, staff_member

BRUSSELS = dt.timezone(dt.timedelta(hours=2))


def at(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, 0, tzinfo=BRUSSELS)


def organisation(name, kind="cluster"):
    return Organisation.objects.create(name=name, acronym=name, kind=kind, sector="Test")


def action(title, when, organisations, status="held", audience=(0, 0, 0, 0), **fields):
    created = AwarenessAction.objects.create(
        kind=fields.pop("kind", "workshop"),
        title=title,
        starts_at=when,
        place="Namur",
        status=status,
        audience_sme=audience[0],
        audience_creative=audience[1],
        audience_cluster_staff=audience[2],
        audience_other=audience[3],
        **fields,
    )
    created.organisations.set(organisations)
    return created


def company(seed, name):
    return Company.objects.create(enterprise_number=enterprise_number(seed), name=name)


@dataclass
class World:
    pole: Organisation
    cluster: Organisation
    actions: dict
    applications: dict
    leads: dict


def world():
    staff = staff_member()
    pole, cluster = organisation("Pole Test", "pole"), organisation("Cluster Test")
    actions = {
        "a1": action("Session A1", at(2014, 7, 10), [pole], audience=(10, 5, 2, 1)),
        "a2": action("Workshop A2", at(2014, 8, 20), [pole, cluster], audience=(20, 3, 4, 0)),
        "a3": action("Matchmaking A3", at(2014, 11, 5), [cluster], audience=(5, 5, 1, 1)),
        "a4": action("Planned A4", at(2015, 2, 1), [cluster], status="planned", audience=(100, 0, 0, 0)),
        "a5": action("Cancelled A5", at(2014, 9, 1), [pole], status="cancelled", audience=(50, 0, 0, 0)),
    }
    first = NeedAssessment.objects.create(organisation=pole, assessed_on=dt.date(2014, 6, 1), method="survey")
    NeedItem.objects.create(
        assessment=first, category="product_design", description="Eco-design", companies_concerned=12
    )
    NeedItem.objects.create(
        assessment=first, category="packaging", description="Boxes", companies_concerned=4
    )
    second = NeedAssessment.objects.create(
        organisation=cluster, assessed_on=dt.date(2014, 10, 1), method="workshop"
    )
    NeedItem.objects.create(
        assessment=second, category="product_design", description="Ergonomics", companies_concerned=3
    )
    NeedItem.objects.create(
        assessment=second, category="digital_ux", description="Web shop", companies_concerned=7
    )

    call = CallFactory(results_published_at=timezone.now() - dt.timedelta(days=1))
    applications = {}
    for index, name in enumerate(("x1", "x2", "x3", "x4"), start=1):
        application = complete_application(
            call=call, owner=applicant(), seed=700 + index, title=f"Project {name}"
        )
        status = "draft" if name == "x3" else "eligible"
        Application.objects.filter(pk=application.pk).update(
            status=status,
            reference=None if status == "draft" else f"T-{index:03d}",
            submitted_at=None if status == "draft" else timezone.now(),
        )
        applications[name] = Application.objects.get(pk=application.pk)
    Application.objects.filter(pk=applications["x1"].pk).update(
        heard_via="cluster_or_pole", heard_via_organisation=pole
    )
    Application.objects.filter(pk=applications["x2"].pk).update(
        heard_via="awareness_action", heard_via_action=actions["a2"]
    )
    Application.objects.filter(pk=applications["x3"].pk).update(
        heard_via="cluster_or_pole", heard_via_organisation=cluster
    )
    Application.objects.filter(pk=applications["x4"].pk).update(
        heard_via="awareness_action", heard_via_action=actions["a1"]
    )
    AwardDecision.objects.create(
        call=call,
        application=applications["x4"],
        rank=1,
        proposed_outcome="awarded",
        outcome="awarded",
        confirmed=True,
        voucher_number=1,
        voucher_code="T-V-01",
        amount=Decimal("6000"),
        response="accepted",
        decided_by=staff,
    )
    studio = company(901, "Studio Créatif")
    leads = {
        "l1": lead_create(
            actor=staff,
            organisation=pole,
            member_name="Biscuits SA",
            need_summary="Packaging",
            identified_on=dt.date(2014, 7, 11),
        ),
        "l2": lead_create(
            actor=staff,
            organisation=cluster,
            member_name="Bois SPRL",
            need_summary="New chair",
            creative_business=studio,
            action=actions["a3"],
            identified_on=dt.date(2014, 11, 6),
        ),
        "l3": lead_create(
            actor=staff,
            organisation=pole,
            member_name="Verre SA",
            need_summary="Lamp",
            identified_on=dt.date(2014, 8, 21),
        ),
        "l4": lead_create(
            actor=staff,
            organisation=cluster,
            member_name="Acier SA",
            need_summary="Brand",
            identified_on=dt.date(2014, 12, 1),
        ),
    }
    for status in ("introduced", "in_discussion"):
        lead_move(lead=leads["l2"], to_status=status, actor=staff)
    lead_move(lead=leads["l2"], to_status="voucher_application", actor=staff, application=applications["x2"])
    lead_move(lead=leads["l3"], to_status="introduced", actor=staff)
    lead_move(lead=leads["l3"], to_status="dropped", actor=staff)
    lead_move(lead=leads["l4"], to_status="contracted", actor=staff)
    return World(pole, cluster, actions, applications, leads)
