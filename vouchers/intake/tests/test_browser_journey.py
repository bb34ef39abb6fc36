"""In headless Chromium: sign up, verify the email, fill every section, upload,
submit and download the receipt. Screenshots land in var/browser/."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from vouchers.intake.models import Application
from vouchers.tests.factories import CallFactory, enterprise_number, pdf_bytes
from wecd_portal.tests.browser_audit import checkpoint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "un-mot-de-passe-solide-2014"


def shot(page, name):
    checkpoint(page, name)


def save(page, button="Save and continue"):
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state("networkidle")


def test_applicant_applies_from_sign_up_to_receipt_in_chromium(
    live_server, browser_page, browser_audit, tmp_path
):
    page = browser_page
    today = timezone.localdate()
    call = CallFactory(
        name_en="Creativity vouchers 2027",
        execution_start_date=today + dt.timedelta(days=40),
        execution_end_date=today + dt.timedelta(days=300),
    )
    start = call.execution_start_date

    sign_up_and_log_in(page, live_server)
    page.goto(f"{live_server.url}/en/applications/")
    page.get_by_role("button", name=re.compile("New application")).click()
    page.wait_for_load_state("networkidle")
    fill_partners(page)
    fill_project_budget_declarations(page, start)
    upload_attachments(page, tmp_path)
    submit_and_download_receipt(page, tmp_path)


def sign_up_and_log_in(page, live_server):
    page.goto(f"{live_server.url}/en/")
    shot(page, "01-home")
    page.get_by_role("link", name="Create an account to apply").click()
    page.fill("input[name=email]", "marie@biscuiterie.example")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    shot(page, "02-sign-up")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_load_state("networkidle")
    shot(page, "02b-verification-sent")

    link = re.search(r"http://\S+/confirm-email/\S+/", mail.outbox[-1].body)[0]
    page.goto(link.replace("http://testserver", live_server.url))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("input[name=login]", "marie@biscuiterie.example")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state("networkidle")


def fill_partners(page):
    fields = {
        "party-enterprise_number": "BE 0203.201.340",
        "party-name": "Biscuiterie Dumont",
        "party-street": "Rue Haute 5",
        "party-postal_code": "5000",
        "party-municipality": "Namur",
        "party-site_postal_code": "5100",
        "party-site_municipality": "Jambes",
        "party-nace_code": "10.72",
        "party-staff_headcount": "14",
        "party-turnover": "2500000",
        "party-balance_sheet_total": "1200000",
        "party-reference_year": "2013",
        "party-contact_name": "Marie Dumont",
        "party-contact_role": "Administratrice",
        "party-contact_email": "marie@biscuiterie.example",
        "party-contact_phone": "+32 81 00 00 00",
    }
    for name, value in fields.items():
        page.fill(f"[name='{name}']", value)
    page.select_option("[name='party-legal_form']", "srl")
    shot(page, "03-sme")
    save(page)

    creative = {
        "party-enterprise_number": enterprise_number(8_123_456),
        "party-name": "Atelier Graphique Nord",
        "party-street": "Quai de la Batte 10",
        "party-postal_code": "4000",
        "party-municipality": "Liège",
        "party-site_postal_code": "4000",
        "party-site_municipality": "Liège",
        "party-nace_code": "74.10",
        "party-references": "Packaging pour trois PME wallonnes.",
        "party-contact_name": "Jonas Nord",
        "party-contact_role": "Designer",
        "party-contact_email": "jonas@atelier.example",
        "party-contact_phone": "+32 4 000 00 00",
    }
    for name, value in creative.items():
        page.fill(f"[name='{name}']", value)
    page.select_option("[name='party-legal_form']", "srl")
    page.select_option("[name='party-creative_domain']", "product_design")
    save(page)


def fill_project_budget_declarations(page, start):
    page.fill("[name='project-title']", "Un coffret réutilisable")
    page.select_option("[name='project-kind']", "promote_product")
    page.fill("[name='project-summary']", "Repenser le coffret de biscuits.")
    page.fill("[name='project-added_value']", "Un emballage qui change l’usage, pas seulement le look.")
    page.fill("[name='project-objectives']", "Vendre en épiceries fines.")
    page.fill("[name='project-deliverables']", "Prototype et guide de fabrication.")
    page.fill("[name='indicators-0-indicator']", "Points de vente")
    page.fill("[name='indicators-0-baseline']", "3")
    page.fill("[name='indicators-0-target']", "15")
    page.fill("[name='tasks-0-title']", "Conception")
    page.fill("[name='tasks-0-starts_on']", start.isoformat())
    page.fill("[name='tasks-0-ends_on']", (start + dt.timedelta(days=60)).isoformat())
    shot(page, "04-project")
    save(page)

    page.fill("[name='budget-total_cost']", "6000")
    page.fill("[name='budget-quotation_amount']", "6000")
    page.fill("[name='budget-voucher_requested']", "6000")
    page.fill("[name='budget-own_contribution']", "0")
    save(page)

    for name in (
        "declares_sme",
        "declares_no_double_funding",
        "declares_independence",
        "declares_truthful",
        "consents_privacy",
    ):
        page.check(f"[name='declarations-{name}']")
    save(page)

    page.select_option("[name='origin-heard_via']", "cluster_or_pole")
    page.fill("[name='origin-heard_via_detail']", "Wagralim")
    save(page)


def upload_attachments(page, tmp_path):
    for kind in ("quotation", "declarations"):
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(pdf_bytes())
        page.select_option("[name='kind']", kind)
        page.set_input_files("[name='file']", str(path))
        save(page, "Upload")
    shot(page, "05-attachments")


def submit_and_download_receipt(page, tmp_path):
    page.get_by_role("link", name="Continue to review").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Your application is complete.").is_visible()
    shot(page, "06-review")
    page.get_by_role("button", name="Submit the application").click()
    page.wait_for_load_state("networkidle")
    shot(page, "07-submitted")

    application = Application.objects.get()
    assert application.status == "submitted"
    assert page.get_by_role("heading", level=1).inner_text().startswith(application.reference)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the receipt (PDF)").click()
    receipt = tmp_path / "receipt.pdf"
    download_info.value.save_as(receipt)
    assert download_info.value.suggested_filename == f"{application.reference}.pdf"
    assert receipt.read_bytes().startswith(b"%PDF-")
    assert mail.outbox[-1].subject == f"Application {application.reference} received"
