"""Builders for tests of a voucher's follow-up: a released call and an accepted voucher."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vouchers.awards.models import AwardDecision
from vouchers.awards.services.release import results_release
from vouchers.demo import follow_up_complete
from vouchers.follow_up.services.acceptance import award_respond
from vouchers.follow_up.services.drafts import payment_claim_save
from vouchers.intake.models import Call
from vouchers.tests.factories import pdf_bytes
from vouchers.tests.pipeline import ready
from wecd_portal.tests.factories import staff_member

VALID_IBAN = "BE71 0961 2345 6769"


def accepted_voucher(*, count=3, vouchers=1, ends_in_days=60, cofinancing="0", language="en"):
    """A released call whose first application accepted its voucher: (call, applications, follow-up)."""
    call, applications = ready(count=count, vouchers=vouchers, language=language)
    Call.objects.filter(pk=call.pk).update(
        execution_end_date=timezone.localdate() + dt.timedelta(days=ends_in_days),
        cofinancing_share=Decimal(cofinancing),
    )
    call.refresh_from_db()
    results_release(call=call, actor=staff_member())
    decision = AwardDecision.objects.get(application=applications[0])
    award_respond(decision=decision, actor=applications[0].owner, accept=True)
    decision.refresh_from_db()
    return call, applications, decision.follow_up


def pdf_upload(name="invoice.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def complete(follow_up, *, amount="7000.00", vat="1470.00"):
    """Fill the report and the claim and attach the invoice, ready to submit."""
    follow_up_complete(follow_up, amount=amount, vat=vat)
    payment_claim_save(
        follow_up=follow_up,
        actor=follow_up.decision.application.owner,
        invoice_number="F-2015-042",
        payee_name="Studio Graphique SPRL",
    )
    return follow_up
