"""Each eligibility rule on both sides of its boundary, and the engine's bookkeeping."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfWriter

from vouchers.eligibility.checks import all_rules
from vouchers.eligibility.models import EligibilityResult
from vouchers.eligibility.registry import Outcome, Reason
from vouchers.eligibility.services.checklist import eligibility_run, eligibility_verdict_record
from vouchers.eligibility.table import rules_markdown_table
from vouchers.intake.models import Holding
from vouchers.intake.services.submission import application_submit
from vouchers.tests.factories import complete_application, enterprise_number, submitted_application
from vouchers.tests.pipeline import IN_TIME, open_call
from wecd_portal.core.models import AuditEntry
from wecd_portal.tests.factories import applicant, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return open_call()


def submitted(call, seed=1, **kwargs):
    return submitted_application(call=call, owner=applicant(), seed=seed, submitted_at=IN_TIME, **kwargs)


def outcome(application, code):
    rule = next(rule for rule in all_rules() if rule.code == code)
    return rule.run(application)


def party(application, role):
    return application.parties.get(role=role)


def test_registry_has_stable_codes_in_order():
    assert [rule.code for rule in all_rules()] == [
        "E01_WALLOON_SITES",
        "E02_SME_DEFINITION",
        "E03_CREATIVE_PARTNER",
        "E04_SME_NOT_CREATIVE",
        "E05_DISTINCT_INDEPENDENT",
        "E06_ON_TIME",
        "E07_ATTACHMENTS",
        "E08_BUDGET",
        "E09_DE_MINIMIS",
        "E10_ONE_PER_SME",
        "E11_PROVIDER_CONCENTRATION",
        "E12_REAL_ADDED_VALUE",
    ]


def test_a_complete_application_passes_every_rule_but_the_human_one(call):
    application = submitted(call)

    results = {result.rule_code: result.outcome for result in eligibility_run(application=application)}

    assert results == {rule.code: Outcome.PASS for rule in all_rules()} | {
        "E12_REAL_ADDED_VALUE": Outcome.REVIEW
    }


@pytest.mark.parametrize(("postal_code", "expected"), [("1499", Outcome.PASS), ("1500", Outcome.FAIL)])
def test_e01_site_postal_code_boundary(call, postal_code, expected):
    application = submitted(call)
    application.parties.filter(role="creative").update(site_postal_code=postal_code)

    assert outcome(application, "E01_WALLOON_SITES").outcome == expected


def test_e01_reason_quotes_the_code_in_both_languages(call):
    application = submitted(call)
    application.parties.filter(role="sme").update(postal_code="1000")

    result = outcome(application, "E01_WALLOON_SITES")

    assert result.outcome == Outcome.FAIL
    assert result.reason.render("en").startswith("The postal code 1000 is in Brussels-Capital")
    assert result.reason.render("fr").startswith("Le code postal 1000")


@pytest.mark.parametrize(("staff", "expected"), [("249.99", Outcome.PASS), ("250", Outcome.FAIL)])
def test_e02_staff_ceiling_counts_linked_enterprises(call, staff, expected):
    application = submitted(call)
    sme = party(application, "sme")
    sme.holdings.all().delete()
    Holding.objects.create(
        party=sme,
        name="Groupe",
        relation="held_by",
        share=Decimal("60"),
        staff_headcount=Decimal(staff) - sme.staff_headcount,
        turnover=0,
        balance_sheet_total=0,
    )

    assert outcome(application, "E02_SME_DEFINITION").outcome == expected


@pytest.mark.parametrize(
    ("nace", "domain", "expected"),
    [
        ("74.10", "product_design", Outcome.PASS),
        ("62.01", "product_design", Outcome.REVIEW),
        ("62.01", "", Outcome.FAIL),
    ],
)
def test_e03_creative_partner(call, nace, domain, expected):
    application = submitted(call)
    application.parties.filter(role="creative").update(nace_code=nace, creative_domain=domain)

    assert outcome(application, "E03_CREATIVE_PARTNER").outcome == expected


@pytest.mark.parametrize(("nace", "expected"), [("16.23", Outcome.PASS), ("74.10", Outcome.REVIEW)])
def test_e04_creative_sme_goes_to_review(call, nace, expected):
    application = submitted(call)
    application.parties.filter(role="sme").update(nace_code=nace)

    assert outcome(application, "E04_SME_NOT_CREATIVE").outcome == expected


def test_e05_provider_among_the_smes_holdings_fails(call):
    application = submitted(call)
    creative = party(application, "creative")
    assert outcome(application, "E05_DISTINCT_INDEPENDENT").outcome == Outcome.PASS

    party(application, "sme").holdings.update(enterprise_number=creative.enterprise_number)

    assert outcome(application, "E05_DISTINCT_INDEPENDENT").outcome == Outcome.FAIL


@pytest.mark.parametrize(
    ("delta", "expected"), [(dt.timedelta(0), Outcome.PASS), (dt.timedelta(seconds=1), Outcome.FAIL)]
)
def test_e06_submitted_at_the_deadline_boundary(call, delta, expected):
    application = submitted(call)
    application.submitted_at = call.closes_at + delta

    assert outcome(application, "E06_ON_TIME").outcome == expected


def test_reasons_quote_moments_in_brussels_time_whatever_the_active_time_zone():
    reason = Reason("%(at)s", {"at": dt.datetime(2014, 10, 1, 21, 59, 59, tzinfo=dt.UTC)})
    naive = Reason("%(at)s", {"at": dt.datetime(2014, 10, 1, 23, 59, 59)})

    with timezone.override("America/New_York"):
        assert reason.render("fr") == "01/10/2014 23:59:59"
        assert naive.render("en") == "01/10/2014 23:59:59"
    assert Reason("%(at)s", {"at": "—"}).render("en") == "—"


def test_e06_quotes_both_moments_to_the_second_in_brussels_time_in_each_language(call):
    application = submitted(call)
    application.submitted_at = call.closes_at + dt.timedelta(seconds=1)

    reason = outcome(application, "E06_ON_TIME").reason

    assert reason.render("fr") == (
        "Soumise le 02/10/2014 00:00:00, après la clôture de l’appel ou en dehors de sa période "
        "d’ouverture (date limite\u00a0: 01/10/2014 23:59:59)."
    )
    assert reason.render("en") == (
        "Submitted on 02/10/2014 00:00:00, after or outside the call (deadline 01/10/2014 23:59:59)."
    )


def test_e07_unreadable_or_missing_attachment_fails(call):
    application = submitted(call)
    assert outcome(application, "E07_ATTACHMENTS").outcome == Outcome.PASS

    quotation = application.attachments.get(kind="quotation")
    with quotation.file.open("wb") as handle:
        handle.write(b"%PDF-1.4 broken")
    assert outcome(application, "E07_ATTACHMENTS").outcome == Outcome.FAIL

    quotation.delete()
    assert outcome(application, "E07_ATTACHMENTS").reason.render("en") == "Missing: Provider’s quotation."


@pytest.mark.parametrize(("voucher", "expected"), [("6000", Outcome.PASS), ("5999.99", Outcome.FAIL)])
def test_e08_voucher_must_equal_the_calls_amount(call, voucher, expected):
    application = submitted(call)
    application.voucher_requested = Decimal(voucher)
    application.own_contribution = application.total_cost - Decimal(voucher)

    assert outcome(application, "E08_BUDGET").outcome == expected


@pytest.mark.parametrize(("aid", "expected"), [("179000", Outcome.PASS), ("179000.01", Outcome.FAIL)])
def test_e09_de_minimis_ceiling(call, aid, expected):
    application = submitted(call)  # already declares 15 000 € in 2013
    application.de_minimis_aids.create(
        granted_on=dt.date(2014, 1, 2), granting_body="SPW", amount=Decimal(aid)
    )

    assert outcome(application, "E09_DE_MINIMIS").outcome == expected


def test_e10_second_active_application_of_the_sme_fails(call):
    application = submitted(call, seed=3)
    assert outcome(application, "E10_ONE_PER_SME").outcome == Outcome.PASS

    other = submitted(call, seed=4)
    other.sme_enterprise_number = application.sme_enterprise_number  # bypassing the database constraint

    assert outcome(other, "E10_ONE_PER_SME").outcome == Outcome.FAIL


def test_e11_provider_in_more_applications_than_the_limit_goes_to_review(call):
    call.provider_application_limit = 2
    call.save()
    applications = [submitted(call, seed=seed) for seed in (1, 2, 3)]
    number = enterprise_number(8_000_001)
    for application in applications:
        application.parties.filter(role="creative").update(enterprise_number=number)

    assert outcome(applications[0], "E11_PROVIDER_CONCENTRATION").outcome == Outcome.REVIEW
    applications[2].parties.filter(role="creative").update(enterprise_number=enterprise_number(8_000_003))
    assert outcome(applications[0], "E11_PROVIDER_CONCENTRATION").outcome == Outcome.PASS


def test_e12_added_value_is_always_reviewed(call):
    assert outcome(submitted(call), "E12_REAL_ADDED_VALUE").outcome == Outcome.REVIEW


def test_engine_is_idempotent_and_keeps_a_verdict_while_facts_are_unchanged(call):
    application = submitted(call)
    eligibility_run(application=application)
    review = EligibilityResult.objects.get(application=application, rule_code="E12_REAL_ADDED_VALUE")
    staff = staff_member()
    eligibility_verdict_record(result=review, actor=staff, verdict="pass", justification="Vrai prototype.")

    eligibility_run(application=application)
    eligibility_run(application=application)

    review.refresh_from_db()
    assert EligibilityResult.objects.filter(application=application).count() == 12
    assert (review.verdict, review.verdict_justification, review.verdict_by) == (
        "pass",
        "Vrai prototype.",
        staff,
    )


def test_verdict_is_cleared_when_the_facts_it_judged_change(call):
    application = submitted(call)
    eligibility_run(application=application)
    review = EligibilityResult.objects.get(application=application, rule_code="E12_REAL_ADDED_VALUE")
    eligibility_verdict_record(result=review, actor=staff_member(), verdict="pass", justification="OK")
    application.added_value = "Un site vitrine."
    application.save()

    eligibility_run(application=application)

    review.refresh_from_db()
    assert (review.verdict, review.verdict_justification) == ("", "")
    assert AuditEntry.objects.filter(action="eligibility.run").first().data["verdicts_cleared"] == [
        "E12_REAL_ADDED_VALUE"
    ]


def test_override_without_justification_is_refused(call, english):
    application = submitted(call)
    eligibility_run(application=application)
    result = EligibilityResult.objects.get(application=application, rule_code="E08_BUDGET")

    with pytest.raises(ValidationError) as error:
        eligibility_verdict_record(result=result, actor=staff_member(), verdict="fail", justification="  ")

    assert error.value.messages == ["A verdict needs a written justification."]
    result.refresh_from_db()
    assert result.verdict == ""


def test_override_of_an_automatic_result_is_audited_as_such(call):
    application = submitted(call)
    eligibility_run(application=application)
    result = EligibilityResult.objects.get(application=application, rule_code="E08_BUDGET")

    eligibility_verdict_record(
        result=result, actor=staff_member(), verdict="fail", justification="Devis incohérent."
    )

    entry = AuditEntry.objects.get(action="eligibility.override")
    assert entry.data == {
        "rule": "E08_BUDGET",
        "outcome": "pass",
        "verdict": "fail",
        "justification": "Devis incohérent.",
    }


def test_submission_runs_the_rules_through_celery(call, django_capture_on_commit_callbacks):
    application = complete_application(call=call, owner=applicant())

    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=application, actor=application.owner, now=IN_TIME)

    assert EligibilityResult.objects.filter(application=application).count() == 12


def test_readme_rules_table_is_the_registry():
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    start, end = "<!-- eligibility-rules:start -->\n", "\n<!-- eligibility-rules:end -->"
    assert readme[readme.index(start) + len(start) : readme.index(end)] == rules_markdown_table()


@pytest.mark.parametrize(
    ("delta", "expected"), [(dt.timedelta(0), Outcome.PASS), (-dt.timedelta(seconds=1), Outcome.FAIL)]
)
def test_e06_submitted_at_the_opening_boundary(call, delta, expected):
    application = submitted(call)
    application.submitted_at = call.opens_at + delta

    assert outcome(application, "E06_ON_TIME").outcome == expected


def test_e05_unsigned_independence_declaration_fails(call):
    application = submitted(call)
    application.declares_independence = False

    assert outcome(application, "E05_DISTINCT_INDEPENDENT").outcome == Outcome.FAIL


def test_e07_pdf_without_pages_fails(call):
    application = submitted(call)
    empty = io.BytesIO()
    PdfWriter().write(empty)
    quotation = application.attachments.get(kind="quotation")
    with quotation.file.open("wb") as handle:
        handle.write(empty.getvalue())

    assert outcome(application, "E07_ATTACHMENTS").outcome == Outcome.FAIL


@pytest.mark.parametrize(
    ("turnover", "balance", "expected"),
    [
        ("50000000", "99000000", Outcome.PASS),
        ("99000000", "43000000", Outcome.PASS),
        ("50000001", "43000001", Outcome.FAIL),
    ],
)
def test_e02_turnover_or_balance_sheet_ceiling(call, turnover, balance, expected):
    application = submitted(call)
    application.parties.filter(role="sme").update(
        staff_headcount=Decimal("100"), turnover=Decimal(turnover), balance_sheet_total=Decimal(balance)
    )
    party(application, "sme").holdings.all().delete()

    assert outcome(application, "E02_SME_DEFINITION").outcome == expected


def test_e02_verdict_survives_re_entering_the_same_holding(call):
    application = submitted(call)
    eligibility_run(application=application)
    result = EligibilityResult.objects.get(application=application, rule_code="E02_SME_DEFINITION")
    eligibility_verdict_record(
        result=result, actor=staff_member(), verdict="fail", justification="Groupe caché."
    )
    sme = party(application, "sme")
    holding = sme.holdings.get()
    holding.pk = None
    sme.holdings.all().delete()
    holding.save()

    eligibility_run(application=application)

    result.refresh_from_db()
    assert result.verdict == "fail"


def test_e06_counts_the_last_fraction_of_the_minute_the_deadline_shows(call):
    application = submitted(call)
    application.submitted_at = call.closes_at + dt.timedelta(milliseconds=400)  # 23:59:59.4

    assert outcome(application, "E06_ON_TIME").outcome == "pass"
