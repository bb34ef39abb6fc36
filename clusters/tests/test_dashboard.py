"""The clusters dashboard's figures, against values counted by hand on the fixture."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusters.selectors import Followed, application_claims, awarded_application_ids, dashboard, followed_by
from clusters.tests.fixtures import action, at, organisation, world
from wecd_portal.tests.factories import staff_member

pytestmark = pytest.mark.django_db


def test_dashboard_figures_equal_the_hand_counted_values():
    w = world()

    figures = dashboard()

    by_organisation = {org.pk: (held, followed) for org, held, followed in figures.held_by_organisation}
    # Held: a1, a2 for the pole; a2, a3 for the cluster (a4 planned, a5 cancelled).
    assert by_organisation[w.pole.pk] == (2, Followed(applications=3, awards=1))
    assert by_organisation[w.cluster.pk] == (2, Followed(applications=1, awards=0))
    assert figures.held_by_quarter == [("2014 Q3", 2), ("2014 Q4", 1)]
    assert [(kind.value, people) for kind, people in figures.reached] == [
        ("sme", 35),
        ("creative", 13),
        ("cluster_staff", 7),
        ("other", 2),
    ]
    assert [(category.value, items, companies) for category, items, companies in figures.needs] == [
        ("product_design", 2, 15),
        ("branding", 0, 0),
        ("digital_ux", 1, 7),
        ("packaging", 1, 4),
        ("service_design", 0, 0),
        ("process_innovation", 0, 0),
        ("other", 0, 0),
    ]
    assert [(key, count) for key, _label, count in figures.funnel] == [
        ("identified", 4),
        ("introduced", 3),  # l2, l3 (dropped later), l4 (skipped ahead)
        ("in_discussion", 2),
        ("contracted", 2),  # l4 contracted, l2 applied for a voucher
        ("dropped", 1),
        ("applications", 1),
        ("awards", 0),
    ]
    # x1 (the pole), x2 (action a2 and lead l2), x4 (action a1, awarded); x3 is a draft.
    assert (figures.applications, figures.awards) == (3, 1)


def test_an_application_claimed_by_several_actions_and_leads_counts_once():
    w = world()

    claims = application_claims()
    per_action = followed_by(claims, awarded_application_ids(), key="action_id")

    x2 = w.applications["x2"].pk
    assert sorted(
        (claim.organisation_id, claim.action_id) for claim in claims if claim.application_id == x2
    ) == sorted(
        [
            (w.pole.pk, w.actions["a2"].pk),
            (w.cluster.pk, w.actions["a2"].pk),
            (w.cluster.pk, w.actions["a3"].pk),
        ]
    )
    assert per_action[w.actions["a2"].pk] == Followed(1, 0)
    assert per_action[w.actions["a3"].pk] == Followed(1, 0)
    assert per_action[w.actions["a1"].pk] == Followed(1, 1)
    assert dashboard().applications == 3


def test_the_period_filters_actions_needs_and_leads():
    world()

    figures = dashboard((dt.date(2014, 10, 1), dt.date(2014, 12, 31)))

    assert figures.held_by_quarter == [("2014 Q4", 1)]
    assert [(key, count) for key, _label, count in figures.funnel][:2] == [
        ("identified", 2),
        ("introduced", 2),
    ]
    assert sum(items for _category, items, _companies in figures.needs) == 2


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


PAGES = [
    "/en/clusters/",
    "/en/clusters/actions/",
    "/en/clusters/organisations/",
    "/en/clusters/actions/calendar/?month=2014-07",
]


def test_list_and_dashboard_pages_run_the_same_queries_with_one_and_three_organisations_and_actions(client):
    client.force_login(staff_member())
    first = organisation("First")
    action("One", at(2014, 7, 1), [first], audience=(1, 1, 1, 1))
    one = [_queries(client, url) for url in PAGES]
    second, third = organisation("Second"), organisation("Third")
    action("Two", at(2014, 7, 2), [first, second], audience=(2, 0, 0, 0))
    action("Three", at(2014, 7, 3), [third], audience=(0, 3, 0, 0))

    three = [_queries(client, url) for url in PAGES]

    assert one == three
