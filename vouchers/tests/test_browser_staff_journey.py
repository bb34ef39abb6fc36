"""The staff member's journey in headless Chromium, through the admin: an eligibility
decision, the ranking freeze, the awards, the letters, the results release and a
letter's download. Every page is checked for CSP violations; the admin's own pages
(Django's, not ours) are not held to the axe check."""

import pytest

from vouchers.awards.models import AwardDecision, Letter
from vouchers.eligibility.models import EligibilityResult
from vouchers.eligibility.services.checklist import eligibility_run
from vouchers.intake.models import Application, Call
from vouchers.intake.services.submission import application_submit
from vouchers.jury.services.deliberation import consensus_record
from vouchers.tests.factories import complete_application
from vouchers.tests.pipeline import IN_TIME, comments_for, scored_call
from wecd_portal.tests.browser_audit import checkpoint, sign_in_with_two_factor
from wecd_portal.tests.factories import applicant, staff_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def admin_action(page, url, action, *, select_all=True):
    page.goto(url)
    if select_all:
        page.check("#action-toggle")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    page.wait_for_load_state("networkidle")


def freeze_on_the_confirmation_page(page):
    page.get_by_role("link", name="Freeze the ranking…").click()
    page.wait_for_load_state("networkidle")
    page.check("input[name=confirm]")
    page.get_by_role("button", name="Freeze the ranking").click()
    page.wait_for_load_state("networkidle")


def test_staff_decide_eligibility_rank_award_release_and_download_a_letter(
    live_server, browser_page, browser_audit
):
    page = browser_page
    call, ranked, _members = scored_call(2)
    staff = staff_member()
    for application in ranked:
        consensus_record(application=application, actor=staff, comments=comments_for(call))
    Call.objects.filter(pk=call.pk).update(last_sequence=2)  # the two above took 001 and 002
    owner = applicant()
    late = complete_application(call=call, owner=owner, seed=41, title="Un site vitrine")
    application_submit(application=late, actor=owner, now=IN_TIME)
    eligibility_run(application=Application.objects.get(pk=late.pk), actor=staff)
    admin = f"{live_server.url}/en/admin"

    sign_in_with_two_factor(page, live_server, staff, "staff")

    # Eligibility: the "real added value" point fails, then the decision.
    review = EligibilityResult.objects.get(application=late, rule_code="E12_REAL_ADDED_VALUE")
    page.goto(f"{admin}/vouchers/eligibilityresult/{review.pk}/change/")
    checkpoint(page, "staff-00-verdict", accessibility=False)
    page.select_option("select[name=verdict]", "fail")
    page.fill("textarea[name=verdict_justification]", "Un site vitrine, sans plus.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{admin}/vouchers/application/{late.pk}/eligibility-decision/")
    checkpoint(page, "staff-01-eligibility", accessibility=False)
    page.check("input[name=decision][value=ineligible]")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_load_state("networkidle")
    assert Application.objects.get(pk=late.pk).status == "ineligible"

    # The ranking, frozen; the awards proposed and confirmed; the letters.
    page.goto(f"{admin}/vouchers/call/{call.pk}/ranking/")
    checkpoint(page, "staff-02-ranking", accessibility=False)
    freeze_on_the_confirmation_page(page)
    admin_action(page, f"{admin}/vouchers/call/?q={call.slug}", "propose_awards")
    admin_action(page, f"{admin}/vouchers/call/?q={call.slug}", "confirm_awards")
    admin_action(page, f"{admin}/vouchers/awarddecision/?call__id__exact={call.pk}", "render_letters")
    checkpoint(page, "staff-03-decisions", accessibility=False)
    assert sorted(AwardDecision.objects.filter(call=call).values_list("outcome", flat=True)) == [
        "awarded",
        "awarded",
    ]

    # The release, previewed then done.
    page.goto(f"{admin}/vouchers/call/{call.pk}/release/")
    checkpoint(page, "staff-04-release-preview", accessibility=False)
    page.get_by_role("button", name="Release the results").click()
    page.wait_for_load_state("networkidle")
    checkpoint(page, "staff-05-released", accessibility=False)

    # A letter, downloaded through the checked view.
    letter = Letter.objects.get(application=ranked[0])
    page.goto(f"{admin}/vouchers/letter/{letter.pk}/change/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    path = download.value.path()

    call.refresh_from_db()
    assert call.results_published_at is not None
    assert sorted(Letter.objects.filter(application__call=call).values_list("kind", flat=True)) == [
        "award",
        "award",
        "ineligible",
    ]
    assert (
        download.value.suggested_filename == f"{ranked[0].reference}-courrier-d-octroi.pdf"
    )  # the applicant writes French
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
