"""An accepted voucher's life: report, claim, verification, payment, closure, reminders."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vouchers.awards.models import AwardDecision
from vouchers.follow_up.models import VoucherFollowUp
from vouchers.follow_up.services.drafts import (
    final_report_save,
    follow_up_file_add,
    follow_up_submit,
    payment_claim_save,
)
from vouchers.follow_up.services.reminders import follow_up_reminders_send
from vouchers.follow_up.services.stage import (
    follow_up_cancel,
    follow_up_close,
    follow_up_extend,
    follow_up_mark_paid,
    follow_up_return,
    follow_up_stage_set,
    follow_up_verify,
    payable_amount,
)
from vouchers.follow_up.services.withdrawal import application_withdraw
from vouchers.tests.factories import png_bytes
from vouchers.tests.follow_up_helpers import accepted_voucher, complete, pdf_upload
from wecd_portal.core.models import AuditEntry
from wecd_portal.notifications.models import OutboxMessage
from wecd_portal.tests.factories import staff_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_accepting_opens_the_follow_up_with_the_call_period():
    call, _applications, follow_up = accepted_voucher(ends_in_days=60)

    assert follow_up.stage == "in_progress"
    assert follow_up.execution_ends_on == call.execution_end_date
    assert follow_up.report_due_on == call.execution_end_date + dt.timedelta(days=call.report_days)
    assert follow_up.claim.payee_name == follow_up.decision.application.parties.get(role="creative").name
    assert AuditEntry.objects.filter(action="voucher.opened").count() == 1


def test_submission_lists_everything_missing():
    _call, _applications, follow_up = accepted_voucher(cofinancing="20")
    owner = follow_up.decision.application.owner

    with pytest.raises(ValidationError) as error:
        follow_up_submit(follow_up=follow_up, actor=owner)

    assert error.value.messages == [
        "Report: describe what was done.",
        "Report: add the SME’s testimony.",
        "Report: add the creative provider’s testimony.",
        "Report: give the value reached for “Nouveaux clients”.",
        "Claim: give the invoice number.",
        "Claim: give the invoice date.",
        "Claim: give the amount excluding VAT.",
        "Claim: give the VAT amount (0 if none).",
        "Claim: give the IBAN the voucher is paid to.",
        "Claim: attach the provider’s invoice (PDF).",
        "Claim: attach the proof that the SME paid its share.",
    ]
    assert VoucherFollowUp.objects.get(pk=follow_up.pk).stage == "in_progress"


def test_the_whole_life_from_report_to_closure(django_capture_on_commit_callbacks):
    _call, _applications, follow_up = accepted_voucher()
    owner, staff = follow_up.decision.application.owner, staff_member()
    complete(follow_up, amount="7000.00")

    with django_capture_on_commit_callbacks(execute=True):
        follow_up_submit(follow_up=follow_up, actor=owner)
        verified = follow_up_verify(follow_up=follow_up, actor=staff)
        paid = follow_up_mark_paid(follow_up=follow_up, actor=staff, paid_on=timezone.localdate())
        closed = follow_up_close(follow_up=follow_up, actor=staff)

    assert verified.payable_amount == Decimal("6000.00")  # 7,000 excl. VAT, capped at the voucher
    assert (paid.paid_amount, paid.paid_on) == (Decimal("6000.00"), timezone.localdate())
    assert closed.stage == "closed"
    assert [
        entry.action for entry in AuditEntry.objects.filter(action__startswith="voucher.").order_by("pk")
    ] == [
        "voucher.opened",
        "voucher.file_added",
        "voucher.submitted",
        "voucher.verified",
        "voucher.paid",
        "voucher.closed",
    ]
    subjects = [message.subject for message in mail.outbox if "Voucher" in message.subject]
    assert subjects == [
        f"Voucher {follow_up.decision.voucher_code}: report and claim received",
        f"Voucher {follow_up.decision.voucher_code} has been paid",
    ]
    assert "€6,000 to the account" in mail.outbox[-1].body


@pytest.mark.parametrize(
    ("share", "amount", "payable"),
    [
        ("0", "4500.00", "4500.00"),
        ("20", "7000.00", "5600.00"),
        ("20", "9000.00", "6000.00"),  # capped at the voucher
        ("20", "1234.57", "987.66"),  # rounded half up to the cent
        ("20", None, None),  # no invoice amount yet
    ],
)
def test_payable_amount_is_the_public_share_excluding_vat_up_to_the_voucher(share, amount, payable):
    """A pure function of the claim, the decision and the call: no database needed."""
    claim = SimpleNamespace(amount_excl_vat=Decimal(amount) if amount else None)
    decision = SimpleNamespace(amount=Decimal("6000.00"))
    call = SimpleNamespace(cofinancing_share=Decimal(share))

    assert payable_amount(claim=claim, decision=decision, call=call) == (
        Decimal(payable) if payable else None
    )


def test_a_co_financed_voucher_with_its_share_proof_is_verified_for_the_public_share():
    _call, _applications, follow_up = accepted_voucher(cofinancing="20")
    owner = follow_up.decision.application.owner
    complete(follow_up, amount="7000.00")
    follow_up_file_add(
        follow_up=follow_up, actor=owner, kind="share_proof", uploaded_file=pdf_upload("proof.pdf")
    )
    follow_up_submit(follow_up=follow_up, actor=owner)

    assert follow_up_verify(follow_up=follow_up, actor=staff_member()).payable_amount == Decimal("5600.00")


def test_an_invalid_iban_is_refused_and_a_valid_one_stored_compact():
    _call, _applications, follow_up = accepted_voucher()
    owner = follow_up.decision.application.owner

    with pytest.raises(ValidationError) as error:
        payment_claim_save(follow_up=follow_up, actor=owner, payee_iban="BE76 3101 2698 5695")
    claim = payment_claim_save(follow_up=follow_up, actor=owner, payee_iban="be71 0961 2345 6769")

    assert error.value.messages == [
        "“BE76 3101 2698 5695” is not a valid IBAN: check the country code, the length and the check digits."
    ]
    assert claim.payee_iban == "BE71096123456769"


def test_the_invoice_must_be_a_pdf_and_photos_are_limited(settings):
    settings.WECD_MAX_REPORT_PHOTOS = 2
    _call, _applications, follow_up = accepted_voucher()
    owner = follow_up.decision.application.owner
    photo = lambda: SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")  # noqa: E731

    with pytest.raises(ValidationError) as wrong_type:
        follow_up_file_add(follow_up=follow_up, actor=owner, kind="invoice", uploaded_file=photo())
    follow_up_file_add(follow_up=follow_up, actor=owner, kind="photo", uploaded_file=photo())
    follow_up_file_add(follow_up=follow_up, actor=owner, kind="photo", uploaded_file=photo())
    with pytest.raises(ValidationError) as too_many:
        follow_up_file_add(follow_up=follow_up, actor=owner, kind="photo", uploaded_file=photo())

    assert wrong_type.value.messages == [
        "“photo.png” is not a PDF file (judged by its content, not its name)."
    ]
    assert too_many.value.messages == [
        "A report may have at most 2 photos; remove one before adding another."
    ]
    assert follow_up.files.count() == 2


def test_a_new_invoice_replaces_the_old_one():
    _call, _applications, follow_up = accepted_voucher()
    owner = follow_up.decision.application.owner

    follow_up_file_add(follow_up=follow_up, actor=owner, kind="invoice", uploaded_file=pdf_upload("a.pdf"))
    follow_up_file_add(follow_up=follow_up, actor=owner, kind="invoice", uploaded_file=pdf_upload("b.pdf"))

    assert list(follow_up.files.values_list("original_name", flat=True)) == ["b.pdf"]


def test_nothing_changes_once_sent_until_staff_return_it(django_capture_on_commit_callbacks):
    _call, _applications, follow_up = accepted_voucher()
    owner = follow_up.decision.application.owner
    complete(follow_up)
    follow_up_submit(follow_up=follow_up, actor=owner)

    with pytest.raises(ValidationError) as locked:
        payment_claim_save(follow_up=follow_up, actor=owner, invoice_number="F-2")
    with django_capture_on_commit_callbacks(execute=True):
        returned = follow_up_return(
            follow_up=follow_up, actor=staff_member(), note="The invoice is unsigned."
        )
    claim = payment_claim_save(follow_up=follow_up, actor=owner, invoice_number="F-2")

    assert locked.value.messages == [
        "The report and the claim have been sent: they can no longer be changed."
    ]
    assert (returned.stage, returned.staff_note) == ("returned", "The invoice is unsigned.")
    assert claim.invoice_number == "F-2"
    assert "The invoice is unsigned." in mail.outbox[-1].body
    assert follow_up_submit(follow_up=follow_up, actor=owner).stage == "submitted"


def test_someone_else_cannot_write_the_report():
    _call, applications, follow_up = accepted_voucher()

    with pytest.raises(ValidationError) as error:
        final_report_save(
            follow_up=follow_up,
            actor=applications[1].owner,
            achievements="x",
            sme_testimony="",
            provider_testimony="",
            results={},
        )

    assert error.value.code == "not_owner"


def test_payment_is_refused_above_the_voucher_or_in_the_future():
    _call, _applications, follow_up = accepted_voucher()
    complete(follow_up)
    follow_up_submit(follow_up=follow_up, actor=follow_up.decision.application.owner)
    staff = staff_member()
    follow_up_verify(follow_up=follow_up, actor=staff)

    with pytest.raises(ValidationError) as too_much:
        follow_up_mark_paid(follow_up=follow_up, actor=staff, paid_on=timezone.localdate(), amount="6000.01")
    with pytest.raises(ValidationError) as future:
        follow_up_mark_paid(
            follow_up=follow_up, actor=staff, paid_on=timezone.localdate() + dt.timedelta(days=1)
        )

    assert too_much.value.messages == ["The amount paid cannot exceed the voucher’s €6,000."]
    assert future.value.messages == ["The payment date cannot be in the future."]
    assert VoucherFollowUp.objects.get(pk=follow_up.pk).stage == "verified"


def test_the_stage_writer_refuses_a_transition_the_table_does_not_allow():
    _call, _applications, follow_up = accepted_voucher()

    with pytest.raises(ValidationError) as error:
        follow_up_stage_set(follow_up=follow_up, to_stage="paid", actor=staff_member())
    with pytest.raises(ValidationError) as closing:
        follow_up_close(follow_up=follow_up, actor=staff_member())

    assert error.value.messages == ["A voucher in the stage “Project under way” cannot become “Paid”."]
    assert closing.value.code == "bad_transition"


def test_cancel_and_extend_need_a_reason():
    _call, _applications, follow_up = accepted_voucher()
    staff = staff_member()
    new_end = timezone.localdate() + dt.timedelta(days=90)

    with pytest.raises(ValidationError) as no_reason_to_extend:
        follow_up_extend(follow_up=follow_up, actor=staff, ends_on=new_end, reason=" ")
    extended = follow_up_extend(follow_up=follow_up, actor=staff, ends_on=new_end, reason="Supplier delay")
    with pytest.raises(ValidationError) as no_reason_to_cancel:
        follow_up_cancel(follow_up=follow_up, actor=staff, reason="")
    cancelled = follow_up_cancel(follow_up=follow_up, actor=staff, reason="The SME went bankrupt.")

    assert extended.report_due_on == new_end + dt.timedelta(days=60)
    assert cancelled.stage == "cancelled"
    assert (no_reason_to_extend.value.code, no_reason_to_cancel.value.code) == (
        "reason_required",
        "reason_required",
    )


def test_withdrawing_after_acceptance_frees_the_voucher_for_the_first_reserve():
    _call, (winner, first_reserve, _second), follow_up = accepted_voucher()

    application_withdraw(application=winner, actor=winner.owner, reason="The SME changed its plans.")

    assert VoucherFollowUp.objects.get(pk=follow_up.pk).stage == "cancelled"
    assert AwardDecision.objects.get(application=winner).response == "declined"
    promoted = AwardDecision.objects.get(application=first_reserve)
    assert (promoted.outcome, promoted.response) == ("awarded", "pending")


def test_reminders_before_the_end_and_for_a_late_report_are_sent_once_each():
    _call, _applications, follow_up = accepted_voucher(ends_in_days=40)
    ends, due = follow_up.execution_ends_on, follow_up.report_due_on

    sent = [
        follow_up_reminders_send(today=ends - dt.timedelta(days=35)),  # too early
        follow_up_reminders_send(today=ends - dt.timedelta(days=30)),
        follow_up_reminders_send(today=ends - dt.timedelta(days=29)),  # same threshold
        follow_up_reminders_send(today=ends - dt.timedelta(days=7)),
        follow_up_reminders_send(today=ends - dt.timedelta(days=7)),
        follow_up_reminders_send(today=due),  # due today: not late yet
        follow_up_reminders_send(today=due + dt.timedelta(days=1)),
        follow_up_reminders_send(today=due + dt.timedelta(days=14)),  # same fortnight
        follow_up_reminders_send(today=due + dt.timedelta(days=15)),
    ]

    assert sent == [0, 1, 0, 1, 0, 0, 1, 0, 1]
    assert list(
        OutboxMessage.objects.filter(template__startswith="voucher_")
        .values_list("template", flat=True)
        .order_by("pk")
    ) == [
        "voucher_ending",
        "voucher_ending",
        "voucher_overdue",
        "voucher_overdue",
    ]


def test_no_late_reminder_once_the_report_is_sent():
    _call, _applications, follow_up = accepted_voucher()
    complete(follow_up)
    follow_up_submit(follow_up=follow_up, actor=follow_up.decision.application.owner)

    assert follow_up_reminders_send(today=follow_up.report_due_on + dt.timedelta(days=1)) == 0
