from django.db import models
from django.utils.translation import gettext_lazy as _


class CallState(models.TextChoices):
    """A call's state, derived from the clock and the results release."""

    UPCOMING = "upcoming", _("Not yet open")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    RESULTS_PUBLISHED = "results_published", _("Results published")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    MORE_INFO = "more_info", _("Information requested")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The only status changes the single writer (services.application_status) allows.
APPLICATION_TRANSITIONS = {
    ApplicationStatus.DRAFT: {ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN},
    ApplicationStatus.SUBMITTED: {
        ApplicationStatus.ELIGIBLE,
        ApplicationStatus.INELIGIBLE,
        ApplicationStatus.MORE_INFO,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.MORE_INFO: {
        ApplicationStatus.MORE_INFO,  # staff amend an open request (sections, due date)
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.INELIGIBLE,
        ApplicationStatus.WITHDRAWN,
    },
    ApplicationStatus.ELIGIBLE: {ApplicationStatus.WITHDRAWN},
    ApplicationStatus.INELIGIBLE: set(),
    ApplicationStatus.WITHDRAWN: set(),
}

# Statuses in which the eligibility checklist may change (not decided yet).
SCREENING_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO)

# Statuses in which an application counts as the SME's one application in a call.
ACTIVE_SUBMITTED_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.MORE_INFO,
    ApplicationStatus.ELIGIBLE,
)


class PartyRole(models.TextChoices):
    SME = "sme", _("SME")
    CREATIVE = "creative", _("Creative provider")


class ProjectKind(models.TextChoices):
    PROMOTE_PRODUCT = "promote_product", _("Promote an existing product")
    PROTOTYPE = "prototype", _("Develop a prototype")
    OPTIMISE_PROCESS = "optimise_process", _("Optimise a process")
    OTHER = "other", _("Other (explain)")


class HeardVia(models.TextChoices):
    CLUSTER_OR_POLE = "cluster_or_pole", _("A cluster or competitiveness pole")
    AWARENESS_ACTION = "awareness_action", _("An awareness action (information session, workshop…)")
    PRESS = "press", _("The press")
    WEBSITE = "website", _("A website or social network")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth")
    OTHER = "other", _("Other")


class HoldingRelation(models.TextChoices):
    HOLDS = "holds", _("The SME holds this share of it")
    HELD_BY = "held_by", _("It holds this share of the SME")


class AttachmentKind(models.TextChoices):
    QUOTATION = "quotation", _("Provider’s quotation")
    DECLARATIONS = "declarations", _("Signed declarations")
    ANNEX = "annex", _("Annex")


REQUIRED_ATTACHMENT_KINDS = (AttachmentKind.QUOTATION, AttachmentKind.DECLARATIONS)


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


class ScanStatus(models.TextChoices):
    """An attachment's virus scan (vouchers.scanning)."""

    CLEAN = "clean", _("Scanned, clean")
    PENDING = "pending", _("In quarantine, waiting for the scanner")
    INFECTED = "infected", _("Refused by the virus scanner")
    UNSCANNED = "unscanned", _("Not scanned (no scanner configured)")


class AwardState(models.TextChoices):
    """Where an award decision stands, derived from its outcome, confirmation and answer."""

    PROPOSED_AWARD = "proposed_awarded", _("Proposed: award")
    PROPOSED_RESERVE = "proposed_reserve", _("Proposed: reserve list")
    PROPOSED_NOT_SELECTED = "proposed_not_selected", _("Proposed: not selected")
    AWARDED = "awarded", _("Awarded, results not released")
    RESERVE = "reserve", _("On the reserve list")
    NOT_SELECTED = "not_selected", _("Not selected")
    OFFERED = "offered", _("Voucher offered, awaiting the answer")
    ACCEPTED = "accepted", _("Voucher accepted")
    DECLINED = "declined", _("Voucher declined or given back")
    EXPIRED = "expired", _("Voucher not answered in time")


_PROPOSED = {AwardState.PROPOSED_AWARD, AwardState.PROPOSED_RESERVE, AwardState.PROPOSED_NOT_SELECTED}

# The only changes the single writer (services.award_state.award_decision_move) allows.
AWARD_TRANSITIONS = {
    # Before confirmation staff change a proposal freely (with a justification), then confirm it.
    **{
        state: _PROPOSED | {AwardState.AWARDED, AwardState.RESERVE, AwardState.NOT_SELECTED}
        for state in _PROPOSED
    },
    # Confirmed: the release offers the voucher; a withdrawal before it gives it back.
    AwardState.AWARDED: {AwardState.OFFERED, AwardState.DECLINED},
    # A freed voucher is offered to the first reserve.
    AwardState.RESERVE: {AwardState.OFFERED},
    AwardState.NOT_SELECTED: set(),
    AwardState.OFFERED: {AwardState.ACCEPTED, AwardState.DECLINED, AwardState.EXPIRED},
    # An accepted voucher may still be given back by a withdrawal.
    AwardState.ACCEPTED: {AwardState.DECLINED},
    AwardState.DECLINED: set(),
    AwardState.EXPIRED: set(),
}
