"""The applicant's whole journey through the test client, and who may see what."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vouchers.intake.models import Application, Attachment
from vouchers.intake.services.submission import application_submit
from vouchers.tests.factories import CallFactory, complete_application, enterprise_number, pdf_bytes
from wecd_portal.tests.factories import PASSWORD, applicant, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    today = timezone.localdate()
    return CallFactory(
        execution_start_date=today + dt.timedelta(days=30), execution_end_date=today + dt.timedelta(days=300)
    )


def formset(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def party(prefix_values):
    return {f"party-{key}": value for key, value in prefix_values.items()}


SME = {
    "enterprise_number": "BE 0203.201.340",
    "name": "Biscuiterie Dumont",
    "legal_form": "srl",
    "street": "Rue Haute 5",
    "postal_code": "5000",
    "municipality": "Namur",
    "site_postal_code": "5100",
    "site_municipality": "Jambes",
    "nace_code": "1072",
    "staff_headcount": "14",
    "turnover": "2500000",
    "balance_sheet_total": "1200000",
    "reference_year": "2013",
    "contact_name": "Marie Dumont",
    "contact_role": "Administratrice",
    "contact_email": "marie@biscuiterie.example",
    "contact_phone": "+32 81 00 00 00",
}
CREATIVE = {
    "enterprise_number": enterprise_number(8_123_456),
    "name": "Atelier Graphique Nord",
    "legal_form": "srl",
    "street": "Quai de la Batte 10",
    "postal_code": "4000",
    "municipality": "Liège",
    "site_postal_code": "4000",
    "site_municipality": "Liège",
    "nace_code": "74.10",
    "creative_domain": "product_design",
    "references": "Packaging pour trois PME wallonnes.",
    "contact_name": "Jonas Nord",
    "contact_role": "Designer",
    "contact_email": "jonas@atelier.example",
    "contact_phone": "+32 4 000 00 00",
}


def fill_every_section(client, application, call):
    base = f"/en/applications/{application.public_id}"
    start = call.execution_start_date
    steps = [
        ("sme", {**party(SME), **formset("holdings", [])}),
        ("creative", party(CREATIVE)),
        (
            "project",
            {
                "project-title": "Un nouveau coffret <cadeau> & durable",
                "project-kind": "promote_product",
                "project-summary": "Repenser le coffret de biscuits.",
                "project-added_value": "Un emballage réutilisable qui change l’usage, pas seulement le look.",
                "project-objectives": "Vendre en épiceries fines.",
                "project-deliverables": "Prototype de coffret, guide de fabrication.",
                **formset("indicators", [{"indicator": "Points de vente", "baseline": "3", "target": "15"}]),
                **formset(
                    "tasks",
                    [
                        {
                            "title": "Conception",
                            "starts_on": start.isoformat(),
                            "ends_on": (start + dt.timedelta(days=60)).isoformat(),
                        }
                    ],
                ),
            },
        ),
        (
            "budget",
            {
                "budget-total_cost": "7000",
                "budget-quotation_amount": "7000",
                "budget-voucher_requested": "6000",
                "budget-own_contribution": "1000",
            },
        ),
        (
            "declarations",
            {
                "declarations-declares_sme": "on",
                "declarations-declares_no_double_funding": "on",
                "declarations-declares_independence": "on",
                "declarations-declares_truthful": "on",
                "declarations-consents_privacy": "on",
                **formset("aids", [{"granted_on": "2013-05-02", "granting_body": "SPW", "amount": "12000"}]),
            },
        ),
        ("origin", {"origin-heard_via": "cluster_or_pole", "origin-heard_via_detail": "Wagralim"}),
    ]
    for section, data in steps:
        response = client.post(f"{base}/{section}/", data)
        assert response.status_code == 302, (section, response.content.decode()[:3000])
    for kind in ("quotation", "declarations"):
        response = client.post(
            f"{base}/attachments/",
            {"kind": kind, "file": SimpleUploadedFile(f"{kind}.pdf", pdf_bytes(), "application/pdf")},
        )
        assert response.status_code == 302


def test_whole_journey_from_sign_up_to_receipt(client, call, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/accounts/signup/",
            {"email": "marie@biscuiterie.example", "password1": PASSWORD, "password2": PASSWORD},
        )
    confirm = re.search(r"http://testserver(/en/accounts/confirm-email/\S+/)", mail.outbox[0].body)[1]
    client.post(confirm)
    client.post("/en/accounts/login/", {"login": "marie@biscuiterie.example", "password": PASSWORD})

    response = client.post("/en/applications/new/")
    application = Application.objects.get()
    assert response["Location"] == f"/en/applications/{application.public_id}/sme/"

    fill_every_section(client, application, call)
    review = client.get(f"/en/applications/{application.public_id}/submit/").content.decode()
    assert "Your application is complete." in review

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/applications/{application.public_id}/submit/")

    application.refresh_from_db()
    assert response.status_code == 302
    assert (application.status, application.reference) == ("submitted", f"WECD-{call.opens_at.year}-001")
    party_numbers = sorted(application.parties.values_list("enterprise_number", flat=True))
    assert party_numbers == sorted(["0203201340", CREATIVE["enterprise_number"]])
    sme = application.parties.get(role="sme")
    assert (sme.province, sme.region, sme.sme_category) == ("namur", "wallonia", "small")
    confirmation = mail.outbox[-1]
    assert confirmation.to == ["marie@biscuiterie.example", "jonas@atelier.example"]
    detail = client.get(f"/en/applications/{application.public_id}/").content.decode()
    assert "Un nouveau coffret &lt;cadeau&gt; &amp; durable" in detail
    receipt = client.get(f"/en/applications/{application.public_id}/receipt/")
    assert receipt["Content-Type"] == "application/pdf"
    assert receipt["Content-Disposition"] == f'attachment; filename="{application.reference}.pdf"'
    assert b"".join(receipt.streaming_content).startswith(b"%PDF-")
    # Locked after submission: sections redirect to the read-only page.
    assert client.get(f"/en/applications/{application.public_id}/budget/")["Location"] == (
        f"/en/applications/{application.public_id}/"
    )


def test_a_brussels_site_is_refused_next_to_the_field_and_nothing_typed_is_lost(client, call):
    owner = applicant()
    client.force_login(owner)
    application = Application.objects.create(call=call, owner=owner)

    response = client.post(
        f"/en/applications/{application.public_id}/sme/",
        {**party({**SME, "site_postal_code": "1050"}), **formset("holdings", [])},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "The postal code 1050 is in Brussels-Capital" in html
    assert 'id="error-summary"' in html
    assert 'value="Biscuiterie Dumont"' in html
    assert 'value="1050"' in html
    assert application.parties.count() == 0


def test_wrong_enterprise_number_is_explained(client, call):
    owner = applicant()
    client.force_login(owner)
    application = Application.objects.create(call=call, owner=owner)

    response = client.post(
        f"/en/applications/{application.public_id}/sme/",
        {**party({**SME, "enterprise_number": "0203.201.341"}), **formset("holdings", [])},
    )

    assert (
        "The enterprise number 0203.201.341 is not valid: its check digits do not match."
        in response.content.decode()
    )


def test_budget_that_does_not_add_up_is_refused_with_the_figures(client, call):
    owner = applicant()
    client.force_login(owner)
    application = Application.objects.create(call=call, owner=owner)

    response = client.post(
        f"/en/applications/{application.public_id}/budget/",
        {
            "budget-total_cost": "7000",
            "budget-quotation_amount": "7000",
            "budget-voucher_requested": "6000",
            "budget-own_contribution": "500",
        },
    )

    assert response.status_code == 400
    assert (
        "Voucher (€6,000) plus own contribution (€500) must equal the total cost (€7,000)."
        in response.content.decode()
    )


def test_sme_with_a_creative_nace_code_gets_a_warning_not_a_refusal(client, call):
    owner = applicant()
    client.force_login(owner)
    application = Application.objects.create(call=call, owner=owner)

    response = client.post(
        f"/en/applications/{application.public_id}/sme/",
        {**party({**SME, "nace_code": "74.10"}), **formset("holdings", []), "save_and_stay": ""},
        follow=True,
    )

    assert response.status_code == 200
    assert "The NACE code 74.10 is a creative-industry activity" in response.content.decode()
    assert application.parties.get().nace_code == "74.10"


def test_closed_call_keeps_the_draft_and_says_so(client, call):
    owner = applicant()
    client.force_login(owner)
    application = complete_application(call=call, owner=owner)
    call.opens_at = timezone.now() - dt.timedelta(days=30)
    call.closes_at = timezone.now() - dt.timedelta(minutes=1)  # past the minute it shows
    call.save()

    response = client.post(f"/en/applications/{application.public_id}/submit/", follow=True)

    assert "your draft is kept, but it can no longer be changed or submitted" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == "draft"


def test_withdrawal_needs_a_reason_and_is_recorded(client, call):
    owner = applicant()
    client.force_login(owner)
    application = complete_application(call=call, owner=owner)
    application_submit(application=application, actor=owner)
    url = f"/en/applications/{application.public_id}/withdraw/"

    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Le partenaire a cessé ses activités."})

    application.refresh_from_db()
    assert response.status_code == 302
    assert (application.status, application.withdrawal_reason) == (
        "withdrawn",
        "Le partenaire a cessé ses activités.",
    )


def application_urls(application, attachment):
    base = f"/en/applications/{application.public_id}"
    return [
        f"{base}/",
        f"{base}/sme/",
        f"{base}/creative/",
        f"{base}/project/",
        f"{base}/budget/",
        f"{base}/declarations/",
        f"{base}/origin/",
        f"{base}/attachments/",
        f"{base}/submit/",
        f"{base}/withdraw/",
        f"{base}/receipt/",
        f"/en/files/{attachment.public_id}/",
    ]


def test_another_applicant_gets_404_on_every_url_of_an_application(client, call):
    owner_a = applicant()
    application = complete_application(call=call, owner=owner_a)
    application_submit(application=application, actor=owner_a)
    attachment = Attachment.objects.filter(application=application).first()
    client.force_login(applicant())

    for url in application_urls(application, attachment):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    delete_url = f"/en/applications/{application.public_id}/attachments/{attachment.public_id}/delete/"
    assert client.post(delete_url).status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_anonymous_visitor_is_sent_to_login_from_every_application_url(client, call):
    owner = applicant()
    application = complete_application(call=call, owner=owner)
    attachment = Attachment.objects.filter(application=application).first()

    for url in [*application_urls(application, attachment), "/en/applications/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/en/accounts/login/?next="), url


def test_owner_and_staff_download_an_attachment_with_safe_headers(client, call):
    owner = applicant()
    application = complete_application(call=call, owner=owner)
    attachment = Attachment.objects.filter(application=application).first()

    for user in (owner, staff_member()):
        client.force_login(user)
        response = client.get(f"/en/files/{attachment.public_id}/")
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="{attachment.original_name}"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_query_count_does_not_grow_with_applications(
    client, call, django_assert_num_queries, count
):
    owner = applicant()
    for seed in range(count):
        complete_application(call=call, owner=owner, seed=seed + 1)
    client.force_login(owner)

    with django_assert_num_queries(6):
        response = client.get("/en/applications/")

    assert response.status_code == 200
    assert response.content.decode().count("data-application=") == count


def test_dashboard_lists_only_the_users_own_applications(client, call):
    mine = complete_application(call=call, owner=applicant(), title="Mon projet")
    complete_application(call=call, owner=applicant(), title="Projet d’un autre", seed=2)
    client.force_login(mine.owner)

    html = client.get("/en/applications/").content.decode()

    assert re.findall(r'data-application="([0-9a-f-]+)"', html) == [str(mine.public_id)]
    assert "Projet d’un autre" not in html


def test_sme_that_already_applied_is_refused_next_to_its_enterprise_number(client, call):
    earlier = complete_application(call=call, owner=applicant(), seed=5)
    application_submit(application=earlier, actor=earlier.owner)
    owner = applicant()
    client.force_login(owner)
    application = Application.objects.create(call=call, owner=owner)

    response = client.post(
        f"/en/applications/{application.public_id}/sme/",
        {**party({**SME, "enterprise_number": enterprise_number(5)}), **formset("holdings", [])},
    )

    assert response.status_code == 400
    assert "This SME has already submitted an application to this call: only one is allowed." in (
        response.content.decode()
    )


def test_creative_provider_with_the_smes_number_is_refused_next_to_the_field(client, call):
    owner = applicant()
    client.force_login(owner)
    application = complete_application(call=call, owner=owner, seed=9)

    response = client.post(
        f"/en/applications/{application.public_id}/creative/",
        party({**CREATIVE, "enterprise_number": enterprise_number(9)}),
    )

    assert response.status_code == 400
    assert "The SME and the creative provider must be two different enterprises" in response.content.decode()


def test_rows_beyond_the_limit_are_refused(client, call):
    owner = applicant()
    client.force_login(owner)
    application = Application.objects.create(call=call, owner=owner)
    rows = [{"indicator": f"Indicateur {n}", "baseline": "0", "target": "1"} for n in range(21)]

    response = client.post(
        f"/en/applications/{application.public_id}/project/",
        {"project-title": "Projet", **formset("indicators", rows), **formset("tasks", [])},
    )

    assert response.status_code == 400
    assert application.indicators.count() == 0


@pytest.mark.parametrize("bad", ["NaN", "sNaN", "Infinity", "-inf", "1e999"])
def test_not_a_number_in_a_holding_or_an_aid_is_refused_next_to_the_field(client, call, bad):
    """Decimal("sNaN") raises on any comparison: the forms refuse it before a rule compares it."""
    owner = applicant()
    application = complete_application(call=call, owner=owner)
    client.force_login(owner)
    base = f"/en/applications/{application.public_id}/"
    declarations = {
        f"declarations-{name}": "on"
        for name in (
            "declares_sme",
            "declares_no_double_funding",
            "declares_independence",
            "declares_truthful",
            "consents_privacy",
        )
    }

    sme = client.post(
        base + "sme/", party(SME) | formset("holdings", [{"name": "H", "relation": "held_by", "share": bad}])
    )
    aids = client.post(
        base + "declarations/",
        declarations | formset("aids", [{"granted_on": "2013-03-01", "granting_body": "SPW", "amount": bad}]),
    )

    assert (sme.status_code, aids.status_code) == (400, 400)
    for page in (sme.content.decode(), aids.content.decode()):
        assert 'aria-invalid="true"' in page or "is-invalid" in page
        assert ("Enter a number." in page) is (bad != "1e999")  # 1e999 is a number, too long a one
    assert application.parties.get(role="sme").holdings.get().share == 30
    assert application.de_minimis_aids.get().amount == 15000
