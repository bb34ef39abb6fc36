"""The voucher's follow-up stages and file kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VoucherStage(models.TextChoices):
    """Where an accepted voucher stands, from execution to payment."""

    IN_PROGRESS = "in_progress", _("Project under way")
    SUBMITTED = "submitted", _("Report and claim under review")
    RETURNED = "returned", _("Returned for corrections")
    VERIFIED = "verified", _("Verified, awaiting payment")
    PAID = "paid", _("Paid")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# The only stage changes the single writer (services.follow_up.follow_up_stage_set) allows.
VOUCHER_TRANSITIONS = {
    VoucherStage.IN_PROGRESS: {VoucherStage.SUBMITTED, VoucherStage.CANCELLED},
    VoucherStage.SUBMITTED: {VoucherStage.RETURNED, VoucherStage.VERIFIED},
    VoucherStage.RETURNED: {VoucherStage.SUBMITTED, VoucherStage.CANCELLED},
    VoucherStage.VERIFIED: {VoucherStage.PAID, VoucherStage.RETURNED},
    VoucherStage.PAID: {VoucherStage.CLOSED},
    VoucherStage.CLOSED: set(),
    VoucherStage.CANCELLED: set(),
}

# Stages in which the applicant may edit the final report and the payment claim.
VOUCHER_EDITABLE_STAGES = (VoucherStage.IN_PROGRESS, VoucherStage.RETURNED)

# Stages in which the report and the claim are still expected from the applicant.
VOUCHER_AWAITING_APPLICANT = VOUCHER_EDITABLE_STAGES


class FollowUpFileKind(models.TextChoices):
    INVOICE = "invoice", _("Provider’s invoice")
    SHARE_PROOF = "share_proof", _("Proof of the SME’s share")
    PHOTO = "photo", _("Photo of the result")
