"""The call's and the application's states and choices."""

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


# The only status changes the single writer (services.status.application_change_status) allows.
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

# Statuses in which the applicant may edit the application: a draft, or one staff
# asked to complete.
APPLICANT_EDITABLE_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.MORE_INFO)

# Statuses from which the applicant may withdraw (the page offers it).
WITHDRAWABLE_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.MORE_INFO,
    ApplicationStatus.ELIGIBLE,
)

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
