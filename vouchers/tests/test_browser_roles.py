"""Browser journeys of the other roles, in headless Chromium: the juror (two-factor
sign-in, conflict declaration, scoring) and the cluster liaison (dashboard). Each
page is checked by axe-core and for CSP violations (browser_audit)."""

import pytest

from clusters.tests.fixtures import world
from vouchers.jury.criteria import PILOT_CRITERIA
from vouchers.jury.models import Criterion, Review
from vouchers.jury.services.assignment import assignment_run
from vouchers.tests.pipeline import eligible, open_call, seat
from wecd_portal.tests.browser_audit import checkpoint, sign_in_with_two_factor
from wecd_portal.tests.factories import cluster_liaison

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_juror_signs_in_with_two_factor_declares_no_conflict_and_scores(
    live_server, browser_page, browser_audit
):
    page = browser_page
    call = open_call()
    for values in PILOT_CRITERIA:
        Criterion.objects.create(call=call, **values)
    application = eligible(call, 1)
    (member,) = seat(call, 1)
    call.jurors_per_application = 1
    call.save()
    assignment_run(call=call)

    sign_in_with_two_factor(page, live_server, member, "juror")
    page.goto(f"{live_server.url}/en/jury/")
    checkpoint(page, "juror-02-dashboard")
    page.get_by_role("button", name="No conflict").click()
    page.wait_for_load_state("networkidle")
    # Declared: the application opens.
    checkpoint(page, "juror-03-application")
    page.get_by_role("link", name="Score this application").click()
    page.wait_for_load_state("networkidle")
    for criterion in Criterion.objects.filter(call=call):
        page.fill(f"#score_{criterion.pk}", "7")
        page.fill(f"#comment_{criterion.pk}", f"Solide sur « {criterion.label_fr} ».")
    page.fill("#overall_comment", "Un projet à la valeur ajoutée réelle.")
    checkpoint(page, "juror-04-review")
    page.get_by_role("button", name="Submit the review").click()
    page.wait_for_load_state("networkidle")
    checkpoint(page, "juror-05-submitted")

    review = Review.objects.get(application=application, juror=member)
    assert review.status == "submitted"
    assert sorted(set(review.scores.values_list("value", flat=True))) == [7]


def test_cluster_liaison_reads_the_dashboard(live_server, browser_page, browser_audit):
    page = browser_page
    world()
    liaison = cluster_liaison()

    sign_in_with_two_factor(page, live_server, liaison, "liaison")
    page.goto(f"{live_server.url}/en/clusters/")
    checkpoint(page, "liaison-02-dashboard")
    page.get_by_role("link", name="Calendar").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/en/clusters/actions/calendar/?month=2014-08")
    checkpoint(page, "liaison-03-calendar")

    page.goto(f"{live_server.url}/en/clusters/")
    assert page.locator("svg[data-chart=funnel] text[data-value]").all_text_contents() == [
        "4",
        "3",
        "2",
        "2",
        "1",
        "1",
        "0",
    ]
    assert page.locator("[data-figure=applications]").inner_text() == "3"
