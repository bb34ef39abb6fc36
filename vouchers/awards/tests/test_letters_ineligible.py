"""The ineligibility decision: the reasons are the failed points' own (never a passing
text nor the reviewers' prompt), and the email and the letter give one redress date."""

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone, translation
from pypdf import PdfReader

from vouchers.awards.models import Letter
from vouchers.eligibility.models import EligibilityResult
from vouchers.eligibility.services.checklist import eligibility_run, eligibility_verdict_record
from vouchers.eligibility.services.decisions import application_declare_ineligible
from vouchers.intake.models import Application
from vouchers.tests.factories import CallFactory, complete_application
from wecd_portal.core.templatetags.portal import format_long_date
from wecd_portal.notifications.models import OutboxMessage
from wecd_portal.tests.factories import applicant, staff_member

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
BUDGET_NOTE = "Le devis ne couvre pas la réalisation du prototype."
SHOWCASE_NOTE = "Un simple site vitrine."
SITE_NOTE = "Siège d’exploitation à Bruxelles, vérifié."


def screened(*, language):
    """A submitted application whose SME operates in Brussels (E01 fails), with the rules run."""
    call = CallFactory(
        opens_at=dt.datetime(2014, 6, 16, tzinfo=BRUSSELS),
        closes_at=dt.datetime(2014, 10, 1, 23, 59, 59, tzinfo=BRUSSELS),
        execution_start_date=dt.date(2014, 11, 15),
        execution_end_date=dt.date(2015, 6, 30),
    )
    application = complete_application(call=call, owner=applicant(language=language), seed=1)
    application.parties.filter(role="sme").update(site_postal_code="1000", site_municipality="Bruxelles")
    Application.objects.filter(pk=application.pk).update(
        status="submitted",
        reference="WECD-2014-001",
        sequence=1,
        submitted_at=dt.datetime(2014, 9, 30, 12, tzinfo=BRUSSELS),
    )
    eligibility_run(application=application)
    return Application.objects.get(pk=application.pk)


def fail(application, code, justification, staff):
    result = EligibilityResult.objects.get(application=application, rule_code=code)
    eligibility_verdict_record(result=result, actor=staff, verdict="fail", justification=justification)
    return result


def decide(application):
    """Staff fail the automatic FAIL (E01), the PASS (E08) and the REVIEW (E12), then decide."""
    staff = staff_member()
    fail(application, "E01_WALLOON_SITES", SITE_NOTE, staff)
    fail(application, "E08_BUDGET", BUDGET_NOTE, staff)
    fail(application, "E12_REAL_ADDED_VALUE", SHOWCASE_NOTE, staff)
    application_declare_ineligible(application=application, actor=staff)
    return Application.objects.get(pk=application.pk)


def text_of(letter):
    """The letter's text without the logo and page footers (placed wherever a page ends),
    lines joined."""
    with letter.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(
        re.sub(r"(WECD\s+Wallonie Design\s+)?Wallonie Design asbl – WECD \d+ / \d+", " ", page.extract_text())
        for page in reader.pages
    )
    text = " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())
    return re.sub(r"(\w)- (\w)", r"\1-\2", text)  # a line broken after a hyphen ("Bruxelles- Capitale")


def test_reasons_are_the_failed_points_and_the_staff_justifications_in_both_languages():
    application = screened(language="en")
    site = EligibilityResult.objects.get(application=application, rule_code="E01_WALLOON_SITES")

    decided = decide(application)

    assert decided.decision_reasons == {
        "fr": [
            f"Sièges en Wallonie\u00a0: {site.reason_fr} Commentaire de Wallonie Design\u00a0: {SITE_NOTE}",
            f"Budget et montant du chèque\u00a0: {BUDGET_NOTE}",
            f"Réelle valeur ajoutée, pas seulement esthétique\u00a0: {SHOWCASE_NOTE}",
        ],
        "en": [
            f"Sites in Wallonia: {site.reason_en} Wallonie Design’s comment: {SITE_NOTE}",
            f"Budget and voucher amount: {BUDGET_NOTE}",
            f"Real added value, not just aesthetics: {SHOWCASE_NOTE}",
        ],
    }
    assert site.reason_en.startswith("The postal code 1000 is in Brussels")


def test_ineligibility_email_and_letter_quote_the_failures_and_give_one_redress_date(
    django_capture_on_commit_callbacks,
):
    application = screened(language="fr")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decided = decide(application)

    expected_deadline = timezone.localdate(timezone.now(), BRUSSELS) + dt.timedelta(days=30)
    with translation.override("fr"):
        redress = f"au plus tard le {format_long_date(expected_deadline)}"
    body = " ".join(mail.outbox[0].body.split())
    letter = text_of(Letter.objects.get(application=decided, kind="ineligible"))
    reasons = [" ".join(reason.split()) for reason in decided.decision_reasons["fr"]]  # as the texts
    assert (decided.redress_deadline, len(mail.outbox), len(reasons)) == (expected_deadline, 1, 3)
    for text in (body, letter):
        assert [reason in text for reason in reasons] == [True, True, True]
        assert (
            redress in text,
            "Le budget est cohérent." in text,
            "Une personne évalue la valeur ajoutée créative" in text,
        ) == (True, False, False)


def test_the_english_email_gives_the_date_as_english_writes_it():
    application = screened(language="en")

    decided = decide(application)

    message = OutboxMessage.objects.get(template="application_ineligible")
    with translation.override("en"):
        deadline = format_long_date(decided.redress_deadline)
    body = " ".join(message.body_text.split())
    assert (
        f"by writing to cheques@wallonie-design.example no later than {deadline}, stating your reference"
        in body,
        "The budget adds up." in body,
        "A person judges the creative added value" in body,
    ) == (True, False, False)
