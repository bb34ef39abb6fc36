"""The follow-up pages: the holder's report and claim, staff's admin page and dashboard,
and who may open them."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vouchers.follow_up.models import VoucherFollowUp
from vouchers.follow_up.selectors import voucher_dashboard
from vouchers.follow_up.services.acceptance import award_respond
from vouchers.follow_up.services.drafts import follow_up_file_add, follow_up_submit
from vouchers.follow_up.services.stage import follow_up_mark_paid, follow_up_verify
from vouchers.tests.follow_up_helpers import accepted_voucher, complete, pdf_upload
from wecd_portal.tests.factories import applicant, juror, staff_member

pytestmark = pytest.mark.django_db


def page_url(follow_up):
    return f"/en/applications/{follow_up.decision.application.public_id}/voucher/follow-up/"


def test_holder_saves_the_claim_and_a_bad_iban_keeps_what_was_typed(client):
    _call, _applications, follow_up = accepted_voucher()
    client.force_login(follow_up.decision.application.owner)

    response = client.post(
        page_url(follow_up),
        {
            "part": "claim",
            "claim-invoice_number": "F-77",
            "claim-amount_excl_vat": "5000",
            "claim-vat_amount": "1050",
            "claim-payee_name": "Studio",
            "claim-payee_iban": "BE00 1234",
        },
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "“BE00 1234” is not a valid IBAN" in body
    assert 'value="F-77"' in body
    assert VoucherFollowUp.objects.get(pk=follow_up.pk).claim.invoice_number == ""

    response = client.post(
        page_url(follow_up),
        {"part": "claim", "claim-invoice_number": "F-77", "claim-payee_iban": "BE71 0961 2345 6769"},
    )

    assert response.status_code == 302
    claim = VoucherFollowUp.objects.get(pk=follow_up.pk).claim
    assert (claim.invoice_number, claim.payee_iban) == ("F-77", "BE71096123456769")


def test_the_claim_amounts_round_trip_in_french_and_a_second_save_keeps_them(client):
    """A number input drops a French "6000,00": the amounts are text inputs read with a comma."""
    _call, _applications, follow_up = accepted_voucher()
    client.force_login(follow_up.decision.application.owner)
    french_url = page_url(follow_up).removeprefix("/en").replace("applications", "candidatures", 1)
    french_url = french_url.replace("/voucher/follow-up/", "/cheque/suivi/")

    first = client.post(
        french_url,
        {"part": "claim", "claim-amount_excl_vat": "6000,5", "claim-vat_amount": "1 260,10"},
    )
    page = client.get(french_url).content.decode()
    second = client.post(french_url, {"part": "claim", "claim-invoice_number": "F-78"} | _amounts_shown(page))

    claim = VoucherFollowUp.objects.get(pk=follow_up.pk).claim
    assert (first.status_code, second.status_code) == (302, 302)
    assert (claim.amount_excl_vat, claim.vat_amount, claim.invoice_number) == (
        Decimal("6000.50"),
        Decimal("1260.10"),
        "F-78",
    )
    assert 'name="claim-amount_excl_vat" value="6000,50" inputmode="decimal"' in page
    assert 'name="claim-vat_amount" value="1260,10" inputmode="decimal"' in page


def _amounts_shown(page):
    """What the browser sends back for the two amounts, as the page shows them."""
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
        for name in ("claim-amount_excl_vat", "claim-vat_amount")
    }


def test_holder_saves_the_report_with_the_indicator_results(client):
    _call, _applications, follow_up = accepted_voucher()
    indicator = follow_up.decision.application.indicators.get()
    client.force_login(follow_up.decision.application.owner)

    response = client.post(
        page_url(follow_up),
        {
            "part": "report",
            "report-achievements": "A new brand.",
            "report-sme_testimony": "Great.",
            "report-provider_testimony": "Fine.",
            f"report-achieved_{indicator.pk}": "9",
            f"report-comment_{indicator.pk}": "Above target",
        },
    )

    assert response.status_code == 302
    report = VoucherFollowUp.objects.get(pk=follow_up.pk).report
    assert report.achievements == "A new brand."
    assert list(report.results.values_list("achieved", "comment")) == [("9", "Above target")]


def test_sending_incomplete_shows_what_is_missing_and_sending_complete_locks_the_page(client):
    _call, _applications, follow_up = accepted_voucher()
    client.force_login(follow_up.decision.application.owner)

    refused = client.post(page_url(follow_up), {"part": "submit"})
    complete(follow_up)
    sent = client.post(page_url(follow_up), {"part": "submit"})
    after = client.post(page_url(follow_up), {"part": "claim", "claim-invoice_number": "changed"})

    assert refused.status_code == 400
    assert "Report: describe what was done." in refused.content.decode()
    assert sent.status_code == 302
    assert VoucherFollowUp.objects.get(pk=follow_up.pk).stage == "submitted"
    assert after.status_code == 302
    assert VoucherFollowUp.objects.get(pk=follow_up.pk).claim.invoice_number == "F-2015-042"


def test_the_application_page_links_to_the_follow_up(client):
    _call, _applications, follow_up = accepted_voucher()
    client.force_login(follow_up.decision.application.owner)

    response = client.get(f"/en/applications/{follow_up.decision.application.public_id}/")

    assert page_url(follow_up) in response.content.decode()


def test_who_may_open_the_follow_up_page(client):
    _call, (_winner, other, _third), follow_up = accepted_voucher()
    cases = [
        (None, 302),
        (follow_up.decision.application.owner, 200),
        (other.owner, 404),
        (applicant(), 404),
        (juror(), 404),
        (staff_member(), 404),  # staff work in the admin
    ]
    answers = []
    for user, _expected in cases:
        client.logout()
        if user is not None:
            client.force_login(user)
        answers.append(client.get(page_url(follow_up)).status_code)

    assert answers == [expected for _user, expected in cases]


def test_who_may_download_the_invoice(client):
    _call, (_winner, other, _third), follow_up = accepted_voucher()
    item = follow_up_file_add(
        follow_up=follow_up,
        actor=follow_up.decision.application.owner,
        kind="invoice",
        uploaded_file=pdf_upload(),
    )
    url = f"/en/voucher-files/{item.public_id}/"
    assigned_juror = follow_up.decision.application.assignments.first().juror
    cases = [
        (None, 302),
        (follow_up.decision.application.owner, 200),
        (staff_member(), 200),
        (other.owner, 404),
        (assigned_juror, 404),
        (juror(), 404),
    ]
    answers = []
    for user, _expected in cases:
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        answers.append(response.status_code)
        if response.status_code == 200:
            assert response["Content-Disposition"] == 'attachment; filename="invoice.pdf"'
            assert response["X-Content-Type-Options"] == "nosniff"

    assert answers == [expected for _user, expected in cases]


def test_staff_verify_and_mark_paid_in_the_admin(client):
    _call, _applications, follow_up = accepted_voucher()
    complete(follow_up, amount="5000.00")
    follow_up_submit(follow_up=follow_up, actor=follow_up.decision.application.owner)
    client.force_login(staff_member())
    url = f"/admin/vouchers/voucherfollowup/{follow_up.pk}/change/"

    page = client.get(url)
    verified = client.post(url, {"action": "verify"})
    refused = client.post(url, {"action": "paid", "paid-paid_on": "", "paid-amount": ""})
    paid = client.post(
        url, {"action": "paid", "paid-paid_on": timezone.localdate().isoformat(), "paid-amount": ""}
    )

    assert page.status_code == 200
    assert "F-2015-042" in page.content.decode()
    assert "BE71 0961 2345 6769" in page.content.decode()
    assert (verified.status_code, refused.status_code, paid.status_code) == (302, 400, 302)
    follow_up.refresh_from_db()
    assert (follow_up.stage, follow_up.paid_amount) == ("paid", Decimal("5000.00"))


def test_admin_follow_up_pages_are_for_staff_only(client):
    call, _applications, follow_up = accepted_voucher()
    urls = [
        f"/en/admin/vouchers/voucherfollowup/{follow_up.pk}/change/",
        "/en/admin/vouchers/voucherfollowup/",
        f"/en/admin/vouchers/call/{call.pk}/vouchers/",
    ]
    answers = {}
    for name, user in (
        ("holder", follow_up.decision.application.owner),
        ("juror", juror()),
        ("staff", staff_member()),
    ):
        client.force_login(user)
        answers[name] = [
            (response.status_code, response.get("Location", "").split("?")[0])
            for response in (client.get(url) for url in urls)
        ]

    refused = [(302, "/en/admin/login/")] * 3
    assert answers == {"holder": refused, "juror": refused, "staff": [(200, "")] * 3}


def test_dashboard_figures_are_exact():
    call, applications, follow_up = accepted_voucher(count=5, vouchers=3)
    today = timezone.localdate()
    staff = staff_member()
    # Voucher 1: paid 5,000 on a smaller invoice; voucher 2: accepted, late;
    # voucher 3: still offered.
    complete(follow_up, amount="5000.00")
    follow_up_submit(follow_up=follow_up, actor=applications[0].owner)
    follow_up_verify(follow_up=follow_up, actor=staff)
    follow_up_mark_paid(follow_up=follow_up, actor=staff, paid_on=today)
    second = applications[1].award_decision
    award_respond(decision=second, actor=applications[1].owner, accept=True)
    VoucherFollowUp.objects.filter(decision=second).update(report_due_on=today - dt.timedelta(days=3))

    dashboard = voucher_dashboard(call, today=today)

    assert (
        dashboard.budget,
        dashboard.committed,
        dashboard.offered,
        dashboard.paid,
        dashboard.remaining,
    ) == (
        Decimal("18000"),
        Decimal("11000.00"),
        Decimal("6000.00"),
        Decimal("5000.00"),
        Decimal("1000.00"),
    )
    assert dashboard.offered_count == 1
    assert dict((stage.value, count) for stage, count in dashboard.stages) == {
        "in_progress": 1,
        "submitted": 0,
        "returned": 0,
        "verified": 0,
        "paid": 1,
        "closed": 0,
        "cancelled": 0,
    }
    assert [(item.decision.voucher_code, item.days_late) for item in dashboard.late] == [
        (second.voucher_code, 3)
    ]


def _dashboard_and_list_queries(client, call):
    counts = []
    for url in (f"/en/admin/vouchers/call/{call.pk}/vouchers/", "/en/admin/vouchers/voucherfollowup/"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    return counts


def test_dashboard_and_list_run_the_same_queries_with_one_and_three_vouchers(client):
    call, applications, _follow_up = accepted_voucher(count=3, vouchers=3)
    VoucherFollowUp.objects.update(report_due_on=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(staff_member())
    one = _dashboard_and_list_queries(client, call)
    for application in applications[1:]:
        award_respond(decision=application.award_decision, actor=application.owner, accept=True)
    VoucherFollowUp.objects.update(report_due_on=timezone.localdate() - dt.timedelta(days=1))

    three = _dashboard_and_list_queries(client, call)

    assert VoucherFollowUp.objects.filter(decision__call=call).count() == 3
    assert len(voucher_dashboard(call).late) == 3
    assert one == three
