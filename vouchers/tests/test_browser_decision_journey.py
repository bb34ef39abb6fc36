"""The decision chain in French, in headless Chromium, on the seeded demo: a juror
scores in half points, the president deliberates with the reviews in view, staff
are told what blocks the freeze, then freeze, propose, change one award to the
reserve list, confirm, render the letters, preview and release. The letters read
back say the reserve's position and the ineligibility's failing reason."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from vouchers.awards.models import AwardDecision, Letter
from vouchers.eligibility.models import EligibilityResult
from vouchers.eligibility.services.checklist import eligibility_run, eligibility_verdict_record
from vouchers.eligibility.services.decisions import (
    application_declare_eligible,
    application_declare_ineligible,
    final_failures,
)
from vouchers.intake.enums import SCREENING_STATUSES
from vouchers.intake.models import Application, Call
from vouchers.intake.pilot_call import PILOT_SLUG
from vouchers.jury.models import Assignment, ConflictDeclaration, Consensus, Criterion, JuryMember, Review
from vouchers.jury.selectors.standings import call_ranking
from vouchers.jury.services.assignment import assignment_run, conflict_declare
from vouchers.jury.services.deliberation import consensus_record
from vouchers.jury.services.reviews import review_save, review_submit
from vouchers.tests.deliberation import deliberate
from wecd_portal.core.management.commands.seed_demo import DEMO_TOTP_SECRET
from wecd_portal.tests.browser_audit import checkpoint
from wecd_portal.tests.factories import juror, totp_code
from wecd_portal.tests.migration_data import migration_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORDS = {"staff": "demo-staff-2014", "juror": "demo-juror-2014"}
STAFF_EMAIL = "staff@wecd.example"
INELIGIBLE_REASON = "Le projet se limite à un site vitrine, sans valeur ajoutée créative réelle."


def french(name, *args):
    with translation.override("fr"):
        return reverse(name, args=args)


def sign_in(page, live_server, email, password, name):
    """The French sign-in with the demo's published two-factor secret."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_load_state("networkidle")
    page.fill("input[name=code]", totp_code(DEMO_TOTP_SECRET))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_load_state("networkidle")
    checkpoint(page, f"decision-{name}-signed-in")
    assert "/accounts/" not in page.url, page.url


def pdf_text(letter):
    with letter.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def complete_the_call(call, staff):
    """What a programme officer does between the refused freeze and the freeze, done
    through the services: every screening decided (one ineligible with a reason
    given by staff), a fourth juror seated for the conflicted application, every
    assigned review submitted, every consensus recorded or brought up to date."""
    ineligible = None
    for application in Application.objects.filter(call=call, status__in=SCREENING_STATUSES).order_by("pk"):
        eligibility_run(application=application, actor=staff)
        added_value = EligibilityResult.objects.get(application=application, rule_code="E12_REAL_ADDED_VALUE")
        if ineligible is None or application.status == "more_info" or final_failures(application):
            eligibility_verdict_record(
                result=added_value, actor=staff, verdict="fail", justification=INELIGIBLE_REASON
            )
            application_declare_ineligible(application=application, actor=staff)
            ineligible = ineligible or application
            continue
        for result in EligibilityResult.objects.filter(application=application, outcome="review", verdict=""):
            eligibility_verdict_record(result=result, actor=staff, verdict="pass", justification="Vérifié.")
        application_declare_eligible(application=application, actor=staff)
    JuryMember.objects.create(call=call, user=juror(email="juror4@wecd.example"))
    assignment_run(call=call, actor=staff, seed=2014)
    criteria = list(Criterion.objects.filter(call=call))
    for assignment in Assignment.objects.filter(application__call=call).select_related(
        "application", "juror"
    ):
        application, member = assignment.application, assignment.juror
        if Review.objects.filter(application=application, juror=member, status="submitted").exists():
            continue
        if not ConflictDeclaration.objects.filter(application=application, juror=member).exists():
            conflict_declare(application=application, juror=member, conflicted_numbers=[])
        review = review_save(
            application=application,
            juror=member,
            answers={
                c.pk: (str(5 + (application.sequence + c.position) % 4), "Avis du juré.", "")
                for c in criteria
            },
            overall_comment="Avis d’ensemble.",
        )
        review_submit(review=review, juror=member)
    rows, _leniency, _criteria = call_ranking(call)
    for row in rows:
        if row.consensus_stale:
            stale = Consensus.objects.get(application_id=row.key)
            consensus_record(
                application=stale.application,
                actor=staff,
                comments=stale.comments,
                final_score=stale.final_score,
                justification=stale.justification or "Consensus du jury.",
            )
    deliberate(call, staff)
    return ineligible


def juror_scores_in_half_points(page, live_server, call, criteria):
    """The juror who has not started: no conflict, 6,5 and 7,5 (and more), saved,
    reloaded and seen again, then submitted."""
    juror2 = Assignment.objects.filter(juror__email="juror2@wecd.example", application__call=call)
    assignment = next(
        a
        for a in juror2.select_related("application", "juror")
        if not ConflictDeclaration.objects.filter(application=a.application, juror=a.juror).exists()
    )
    application = assignment.application
    sign_in(page, live_server, "juror2@wecd.example", PASSWORDS["juror"], "juror")
    page.goto(f"{live_server.url}{french('jury_dashboard')}")
    checkpoint(page, "decision-juror-dashboard")
    page.locator(f"tr[data-application='{application.public_id}'] button[value=none]").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}{french('jury_review', application.public_id)}")
    scores = ["6,5", "7,5", "7", "8"]  # typed as French writes them, and shown back so
    for criterion, score in zip(criteria, scores, strict=True):
        page.fill(f"input[name=score_{criterion.pk}]", score)
        page.fill(f"textarea[name=comment_{criterion.pk}]", f"Argument sur « {criterion.code} ».")
    page.fill("textarea[name=overall_comment]", "Un duo solide, un prototype crédible.")
    page.locator("button[name=save]").click()
    page.wait_for_load_state("networkidle")
    page.reload()
    checkpoint(page, "decision-juror-draft-reloaded")
    assert [page.input_value(f"input[name=score_{c.pk}]") for c in criteria] == scores
    page.locator("button[name=submit]").click()
    page.wait_for_load_state("networkidle")
    checkpoint(page, "decision-juror-submitted")
    review = Review.objects.get(application=application, juror=assignment.juror)
    assert review.status == "submitted"
    assert [str(score.value) for score in review.scores.order_by("criterion__position")] == [
        "6.5",
        "7.5",
        "7.0",
        "8.0",
    ]
    page.context.clear_cookies()


def president_records_75(page, live_server, call, criteria):
    """The president: the deliberation from the dashboard, the reviews beside the
    form, 75 with a justification, reopened and still 75."""
    president = JuryMember.objects.get(call=call, is_president=True).user
    deliberated = (
        Application.objects.filter(
            call=call, status="eligible", reviews__juror=president, reviews__status="submitted"
        )
        .order_by("reference")
        .first()
    )
    sign_in(page, live_server, president.email, PASSWORDS["juror"], "president")
    page.goto(f"{live_server.url}{french('jury_dashboard')}")
    page.get_by_role("main").get_by_role("link", name="Délibération").first.click()
    page.wait_for_load_state("networkidle")
    checkpoint(page, "decision-president-deliberation")
    state = page.locator(f"tr[data-reference='{deliberated.reference}'] [data-consensus]")
    assert (state.get_attribute("data-consensus"), state.inner_text()) == ("missing", "à enregistrer")
    page.get_by_role("link", name=deliberated.reference, exact=True).click()
    page.wait_for_load_state("networkidle")
    checkpoint(page, "decision-president-consensus")
    assert "Appréciation du critère" in page.content()  # a juror's comment, beside the form
    page.fill("input[name=final_score]", "75")
    page.fill("textarea[name=justification]", "Le jury retient la qualité du prototype.")
    for criterion in criteria:
        page.fill(f"textarea[name=comment_{criterion.code}]", f"Le jury apprécie « {criterion.label_fr} ».")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert state.get_attribute("data-consensus") == "recorded"  # back on the list
    page.goto(f"{live_server.url}{french('jury_consensus', deliberated.public_id)}")
    checkpoint(page, "decision-president-consensus-reopened")
    assert page.input_value("input[name=final_score]") == "75"
    assert str(Consensus.objects.get(application=deliberated).final_score) == "75.00"
    page.context.clear_cookies()


def staff_meet_the_blocked_freeze(page, live_server, call):
    sign_in(page, live_server, STAFF_EMAIL, PASSWORDS["staff"], "staff")
    page.goto(f"{live_server.url}/admin/vouchers/call/{call.pk}/ranking/")
    checkpoint(page, "decision-staff-ranking", accessibility=False)
    page.get_by_role("link", name="Figer le classement…").click()
    page.wait_for_load_state("networkidle")
    checkpoint(page, "decision-staff-freeze-blocked", accessibility=False)
    assert page.locator("#freeze-blocked").inner_text() == (
        "Le classement ne peut pas encore être figé. Terminez ce qui reste ouvert ci-dessous, "
        "puis revenez sur cette page."
    )
    assert page.locator("[data-blocker=eligibility_open]").count() == 1
    assert page.locator("input[name=confirm]").count() == 0


def staff_freeze_award_and_release(page, call):
    """Freeze confirmed, awards proposed, the last award moved to the reserve list,
    decisions confirmed, letters rendered, the release previewed then done.
    Returns the decision moved to the reserve list."""
    page.reload()
    checkpoint(page, "decision-staff-freeze-ready", accessibility=False)
    page.check("input[name=confirm]")
    page.get_by_role("button", name="Figer le classement").click()
    page.wait_for_load_state("networkidle")
    page.locator("#content").get_by_role("link", name="Décisions d’octroi").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Proposer les attributions").click()
    page.wait_for_load_state("networkidle")
    checkpoint(page, "decision-staff-proposed", accessibility=False)
    moved = AwardDecision.objects.filter(call=call, outcome="awarded").order_by("-rank").first()
    page.get_by_role("link", name=moved.application.reference, exact=True).click()
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=outcome]", "reserve")
    page.fill("textarea[name=justification]", "Le budget du partenaire reste à confirmer.")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state("networkidle")
    checkpoint(page, "decision-staff-changed", accessibility=False)
    moved.refresh_from_db()
    assert (moved.outcome, moved.reserve_position) == ("reserve", 1)
    page.check("input[name=confirm]")
    page.get_by_role("button", name="Confirmer les décisions").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Produire les courriers").click()
    page.wait_for_load_state("networkidle")
    checkpoint(page, "decision-staff-letters", accessibility=False)
    page.locator("#content").get_by_role("link", name="Publication des résultats").click()
    page.wait_for_load_state("networkidle")
    checkpoint(page, "decision-staff-release-preview", accessibility=False)
    assert page.locator("#release-blocked").count() == 0
    page.get_by_role("button", name="Publier les résultats").click()
    page.wait_for_load_state("networkidle")
    checkpoint(page, "decision-staff-released", accessibility=False)
    return moved


def test_the_decision_chain_in_french_from_the_first_score_to_the_letters(
    live_server, browser_page, browser_audit
):

    migration_data()
    call_command("seed_demo", verbosity=0)
    call = Call.objects.get(slug=PILOT_SLUG)
    criteria = list(Criterion.objects.filter(call=call))

    juror_scores_in_half_points(browser_page, live_server, call, criteria)
    president_records_75(browser_page, live_server, call, criteria)
    staff_meet_the_blocked_freeze(browser_page, live_server, call)
    ineligible = complete_the_call(call, get_user_model().objects.get(email=STAFF_EMAIL))
    moved = staff_freeze_award_and_release(browser_page, call)

    call.refresh_from_db()
    assert call.results_published_at is not None
    reserve = pdf_text(Letter.objects.get(application=moved.application, kind="reserve"))
    assert "Il figure en position 1 sur la liste de réserve" in reserve
    assert "None" not in reserve
    refused = pdf_text(Letter.objects.get(application=ineligible, kind="ineligible"))
    assert INELIGIBLE_REASON in refused
