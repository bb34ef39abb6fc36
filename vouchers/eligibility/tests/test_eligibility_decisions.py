"""Eligibility decisions end to end: eligible, not eligible, more information."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vouchers.eligibility.models import EligibilityResult
from vouchers.eligibility.services.checklist import eligibility_run, eligibility_verdict_record
from vouchers.eligibility.services.decisions import (
    application_declare_eligible,
    application_declare_ineligible,
    application_request_information,
)
from vouchers.eligibility.tasks import eligibility_run_task
from vouchers.follow_up.services.withdrawal import application_withdraw
from vouchers.intake.models import Application
from vouchers.tests.factories import pdf_bytes, submitted_application
from vouchers.tests.pipeline import IN_TIME, open_call
from wecd_portal.tests.factories import applicant, juror, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return open_call()


@pytest.fixture
def staff():
    return staff_member()


def screened(call, language="fr", seed=1):
    owner = applicant(language=language)
    application = submitted_application(call=call, owner=owner, seed=seed, submitted_at=IN_TIME)
    eligibility_run(application=application)
    return application


def verdict(application, code, value, staff, justification="Vérifié par l’équipe."):
    result = EligibilityResult.objects.get(application=application, rule_code=code)
    return eligibility_verdict_record(result=result, actor=staff, verdict=value, justification=justification)


def test_eligible_is_refused_while_a_point_is_unresolved(call, staff, english):
    application = screened(call)

    with pytest.raises(ValidationError) as error:
        application_declare_eligible(application=application, actor=staff)

    assert error.value.messages == ["Every point must pass or be resolved first: E12_REAL_ADDED_VALUE."]


@pytest.mark.parametrize(
    ("language", "subject", "phrase"),
    [
        ("fr", "Candidature WECD-2014-001", "jury indépendant"),
        ("en", "Application WECD-2014-001 is eligible", "it now goes to the independent jury"),
    ],
)
def test_eligible_email_in_the_applicants_language(
    call, staff, django_capture_on_commit_callbacks, language, subject, phrase
):
    application = screened(call, language=language)
    verdict(application, "E12_REAL_ADDED_VALUE", "pass", staff)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        application_declare_eligible(application=application, actor=staff)

    assert Application.objects.get(pk=application.pk).status == "eligible"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith(subject)
    assert phrase in mail.outbox[0].body


def test_ineligible_needs_a_failed_point(call, staff):
    application = screened(call)

    with pytest.raises(ValidationError) as error:
        application_declare_ineligible(application=application, actor=staff)

    assert error.value.code == "nothing_failed"


@pytest.mark.parametrize(
    ("language", "reason", "redress"),
    [
        (
            "fr",
            "Réelle valeur ajoutée, pas seulement esthétique\u00a0: Simple site vitrine.",
            "au plus tard le",
        ),
        ("en", "Real added value, not just aesthetics: Simple site vitrine.", "How to contest this decision"),
    ],
)
def test_ineligible_email_lists_each_reason_in_the_applicants_language(
    call, staff, django_capture_on_commit_callbacks, language, reason, redress
):
    application = screened(call, language=language)
    verdict(application, "E12_REAL_ADDED_VALUE", "fail", staff, justification="Simple site vitrine.")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        application_declare_ineligible(application=application, actor=staff)

    body = mail.outbox[0].body
    assert reason in body
    assert "Simple site vitrine." in body
    assert redress in body
    deadline = timezone.localdate() + dt.timedelta(days=call.redress_days)
    assert str(deadline.year) in body


def test_applicant_sees_the_reasons_and_only_their_own(client, call, staff):
    application = screened(call, language="en")
    verdict(application, "E12_REAL_ADDED_VALUE", "fail", staff, justification="Simple site vitrine.")
    application_declare_ineligible(application=application, actor=staff)

    client.force_login(application.owner)
    html = client.get(f"/en/applications/{application.public_id}/").content.decode()
    client.force_login(applicant())
    other = client.get(f"/en/applications/{application.public_id}/")

    assert 'data-eligibility="ineligible"' in html
    assert "Real added value, not just aesthetics: Simple site vitrine." in html
    assert "A person judges the creative added value" not in html  # the reviewers’ prompt
    assert other.status_code == 404


def test_more_information_loop(client, call, staff, django_capture_on_commit_callbacks):
    application = screened(call, language="en")
    due = timezone.localdate() + dt.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        application_request_information(
            application=application,
            actor=staff,
            sections=["budget", "attachments"],
            message="Please attach the signed quotation.",
            due_date=due,
        )
    assert "Please attach the signed quotation." in mail.outbox[-1].body
    assert "- Budget\n- Attachments" in mail.outbox[-1].body

    client.force_login(application.owner)
    base = f"/en/applications/{application.public_id}"
    assert client.get(f"{base}/sme/")["Location"] == f"{base}/"  # not requested: read-only
    assert client.get(f"{base}/budget/").status_code == 200
    response = client.post(
        f"{base}/attachments/",
        {"kind": "annex", "file": SimpleUploadedFile("devis-signe.pdf", pdf_bytes(), "application/pdf")},
    )
    assert response.status_code == 302
    before = EligibilityResult.objects.get(application=application, rule_code="E07_ATTACHMENTS").evaluated_at

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{base}/submit/")

    application.refresh_from_db()
    assert response.status_code == 302
    assert (application.status, application.info_sections, application.reference) == (
        "submitted",
        [],
        "WECD-2014-001",
    )
    after = EligibilityResult.objects.get(application=application, rule_code="E07_ATTACHMENTS")
    assert after.evaluated_at > before
    assert "3 files present and readable." in after.reason_en
    assert client.get(f"{base}/budget/")["Location"] == f"{base}/"  # locked again


def test_overdue_request_is_visible_and_can_be_decided(client, call, staff):
    application = screened(call)
    application_request_information(
        application=application,
        actor=staff,
        sections=["budget"],
        message="Budget?",
        due_date=timezone.localdate() + dt.timedelta(days=1),
    )
    Application.objects.filter(pk=application.pk).update(
        info_due_date=timezone.localdate() - dt.timedelta(days=1)
    )
    client.force_login(staff)

    listed = client.get("/en/admin/vouchers/application/?eligibility=overdue").context["cl"].result_list
    application_declare_ineligible(application=application, actor=staff)

    assert [row.pk for row in listed] == [application.pk]
    assert Application.objects.get(pk=application.pk).status == "ineligible"


def test_more_information_needs_sections_a_message_and_a_future_date(call, staff, english):
    application = screened(call)

    for kwargs, code in [
        (
            {"sections": [], "message": "x", "due_date": timezone.localdate() + dt.timedelta(days=3)},
            "no_section",
        ),
        (
            {"sections": ["budget"], "message": " ", "due_date": timezone.localdate() + dt.timedelta(days=3)},
            "no_message",
        ),
        ({"sections": ["budget"], "message": "x", "due_date": timezone.localdate()}, "due_date_past"),
    ]:
        with pytest.raises(ValidationError) as error:
            application_request_information(application=application, actor=staff, **kwargs)
        assert error.value.code == code


def test_staff_decide_from_the_admin_page(client, call, staff, django_capture_on_commit_callbacks):
    application = screened(call)
    client.force_login(staff)
    url = f"/en/admin/vouchers/application/{application.pk}/eligibility-decision/"

    refused = client.post(url, {"decision": "eligible"})
    verdict(application, "E12_REAL_ADDED_VALUE", "pass", staff)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(url, {"decision": "eligible"})

    assert refused.status_code == 200
    assert "Every point must pass or be resolved first: E12_REAL_ADDED_VALUE." in refused.content.decode()
    assert accepted.status_code == 302
    assert Application.objects.get(pk=application.pk).status == "eligible"


def test_staff_record_a_verdict_in_the_admin_only_with_a_justification(client, call, staff):
    application = screened(call)
    result = EligibilityResult.objects.get(application=application, rule_code="E12_REAL_ADDED_VALUE")
    client.force_login(staff)
    url = f"/en/admin/vouchers/eligibilityresult/{result.pk}/change/"

    refused = client.post(url, {"verdict": "pass", "verdict_justification": ""})
    accepted = client.post(url, {"verdict": "pass", "verdict_justification": "Prototype réel."})

    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()
    assert accepted.status_code == 302
    result.refresh_from_db()
    assert (result.verdict, result.verdict_by) == ("pass", staff)


@pytest.mark.parametrize("make_user", [applicant, juror])
def test_applicants_and_jurors_never_reach_the_checklist(client, call, staff, make_user):
    application = screened(call)
    verdict(application, "E12_REAL_ADDED_VALUE", "fail", staff)
    application_declare_ineligible(application=application, actor=staff)
    client.force_login(make_user())

    for url in (
        "/en/admin/vouchers/eligibilityresult/",
        f"/en/admin/vouchers/application/{application.pk}/eligibility-decision/",
        f"/en/applications/{application.public_id}/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 404), url
        assert "E12_REAL_ADDED_VALUE" not in response.content.decode()


def test_eligibility_report_exports_every_application_and_rule(client, call, staff):
    screened(call, seed=1)
    screened(call, seed=2)
    client.force_login(staff)
    data = {"format": "0", "resource": "0"}
    data.update(
        {f"eligibilityreportresource_{name}": "on" for name in ("reference", "rule", "outcome", "final")}
    )

    response = client.post("/en/admin/vouchers/eligibilityresult/export/", data)

    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0] == "reference,rule,automatic result,final result"
    assert len(lines) == 1 + 2 * 12
    assert re.search(r"WECD-2014-002,E12_REAL_ADDED_VALUE,review,review", response.content.decode())


@pytest.mark.parametrize("count", [1, 3])
def test_checklist_list_query_count_is_constant(client, call, staff, django_assert_num_queries, count):
    for seed in range(count):
        screened(call, seed=seed + 1)
    client.force_login(staff)

    with django_assert_num_queries(10):
        response = client.get("/en/admin/vouchers/eligibilityresult/")

    assert len(response.context["cl"].result_list) == 12 * count


def test_eligibility_filters_list_the_applications_awaiting_a_decision(client, call, staff):
    unresolved = screened(call, seed=1)
    clear = screened(call, seed=2)
    verdict(clear, "E12_REAL_ADDED_VALUE", "pass", staff)
    failing = screened(call, seed=3)
    verdict(failing, "E12_REAL_ADDED_VALUE", "fail", staff)
    withdrawn = screened(call, seed=4)
    application_withdraw(application=withdrawn, actor=withdrawn.owner, reason="Reporté")
    client.force_login(staff)

    def listed(value):
        response = client.get(f"/en/admin/vouchers/application/?eligibility={value}")
        return sorted(application.pk for application in response.context["cl"].result_list)

    assert listed("unresolved") == [unresolved.pk]
    assert listed("clear") == [clear.pk]
    assert listed("failing") == [failing.pk]
    assert (
        client.get("/en/admin/vouchers/application/?failing_rule=E12_REAL_ADDED_VALUE")
        .context["cl"]
        .result_count
        == 1
    )


def test_overdue_decision_shows_its_reason_to_the_applicant(client, call, staff):
    application = screened(call, language="en")
    application_request_information(
        application=application,
        actor=staff,
        sections=["budget"],
        message="Budget?",
        due_date=timezone.localdate() + dt.timedelta(days=2),
    )
    Application.objects.filter(pk=application.pk).update(info_due_date=dt.date(2014, 11, 1))
    application_declare_ineligible(application=application, actor=staff)
    client.force_login(application.owner)

    html = client.get(f"/en/applications/{application.public_id}/").content.decode()
    dashboard = client.get("/en/applications/").content.decode()

    assert "The information requested by 1 November 2014 was not provided." in html
    assert "The information requested by 1 November 2014 was not provided." in dashboard


def test_a_decided_checklist_is_closed(call, staff):
    application = screened(call)
    verdict(application, "E12_REAL_ADDED_VALUE", "fail", staff)
    application_declare_ineligible(application=application, actor=staff)
    reasons = Application.objects.get(pk=application.pk).decision_reasons

    with pytest.raises(ValidationError) as error:
        verdict(application, "E12_REAL_ADDED_VALUE", "pass", staff)
    assert error.value.code == "decided"
    with pytest.raises(ValidationError) as error:
        eligibility_run(application=application)
    assert error.value.code == "decided"

    assert eligibility_run_task.delay(application_id=application.pk).get() == "decided"
    assert Application.objects.get(pk=application.pk).decision_reasons == reasons


def test_eligible_decision_runs_the_rules_afresh(call, staff):
    application = screened(call)
    verdict(application, "E12_REAL_ADDED_VALUE", "pass", staff)
    application.parties.filter(role="sme").update(site_postal_code="1000")  # changed since the last run

    with pytest.raises(ValidationError) as error:
        application_declare_eligible(application=application, actor=staff)

    assert error.value.code == "points_open"
    assert Application.objects.get(pk=application.pk).status == "submitted"


def test_an_open_request_can_be_amended(call, staff):
    application = screened(call)
    application_request_information(
        application=application,
        actor=staff,
        sections=["budget"],
        message="Budget?",
        due_date=timezone.localdate() + dt.timedelta(days=5),
    )

    application_request_information(
        application=application,
        actor=staff,
        sections=["budget", "project"],
        message="Budget et planning ?",
        due_date=timezone.localdate() + dt.timedelta(days=12),
    )

    application.refresh_from_db()
    assert (application.status, application.info_sections) == ("more_info", ["budget", "project"])
    assert application.info_due_date == timezone.localdate() + dt.timedelta(days=12)


@pytest.mark.parametrize("count", [1, 3])
def test_application_list_filtered_by_eligibility_has_a_constant_query_count(
    client, call, staff, django_assert_num_queries, count
):
    for seed in range(count):
        screened(call, seed=seed + 1)
    client.force_login(staff)

    with django_assert_num_queries(12):
        response = client.get("/en/admin/vouchers/application/?eligibility=unresolved")

    assert response.context["cl"].result_count == count
