from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    POLE = "pole", _("Competitiveness pole")
    CLUSTER = "cluster", _("Cluster")
    NETWORK = "network", _("Other network")


class ActionKind(models.TextChoices):
    INFO_SESSION = "info_session", _("Information session")
    WORKSHOP = "workshop", _("Workshop")
    MATCHMAKING = "matchmaking", _("Matchmaking")
    MEMBER_EVENT = "member_event", _("Presentation at a member event")
    ONE_TO_ONE = "one_to_one", _("One-to-one meeting")
    NEWSLETTER = "newsletter", _("Newsletter article")
    STUDY_VISIT = "study_visit", _("Study visit")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class AudienceType(models.TextChoices):
    """Who an action reached; the audience fields of an action follow this order."""

    SME = "sme", _("SMEs")
    CREATIVE = "creative", _("Creative businesses")
    CLUSTER_STAFF = "cluster_staff", _("Cluster or pole staff")
    OTHER = "other", _("Others")


class ActionFileKind(models.TextChoices):
    SLIDES = "slides", _("Slides")
    ATTENDANCE = "attendance", _("Attendance list")
    OTHER = "other", _("Other document")


class NeedMethod(models.TextChoices):
    SURVEY = "survey", _("Survey")
    INTERVIEW = "interview", _("Interview")
    WORKSHOP = "workshop", _("Workshop")


class NeedCategory(models.TextChoices):
    PRODUCT_DESIGN = "product_design", _("Product design")
    BRANDING = "branding", _("Branding and communication")
    DIGITAL_UX = "digital_ux", _("Digital and UX")
    PACKAGING = "packaging", _("Packaging")
    SERVICE_DESIGN = "service_design", _("Service design")
    PROCESS_INNOVATION = "process_innovation", _("Process innovation")
    OTHER = "other", _("Other")


class Priority(models.IntegerChoices):
    HIGH = 1, _("High")
    MEDIUM = 2, _("Medium")
    LOW = 3, _("Low")


class LeadStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    INTRODUCED = "introduced", _("Introduced")
    IN_DISCUSSION = "in_discussion", _("In discussion")
    CONTRACTED = "contracted", _("Contracted")
    VOUCHER_APPLICATION = "voucher_application", _("Voucher application")
    DROPPED = "dropped", _("Dropped")


# The pipeline's order: a lead that reached a stage has passed the ones before it.
# A voucher application counts as far as a contract: the duo commits to the project.
LEAD_PIPELINE = (
    LeadStatus.IDENTIFIED,
    LeadStatus.INTRODUCED,
    LeadStatus.IN_DISCUSSION,
    LeadStatus.CONTRACTED,
)
LEAD_RANK = {status: rank for rank, status in enumerate(LEAD_PIPELINE)} | {
    LeadStatus.VOUCHER_APPLICATION: LEAD_PIPELINE.index(LeadStatus.CONTRACTED)
}


def _forward(status):
    later = LEAD_PIPELINE[LEAD_PIPELINE.index(status) + 1 :]
    return {*later, LeadStatus.VOUCHER_APPLICATION, LeadStatus.DROPPED}


# The only moves the single writer (services.lead_move) allows: forward, possibly
# skipping stages staff learnt of late; dropped from any open stage; a dropped lead
# may be reopened; a voucher application is the end.
LEAD_TRANSITIONS = {
    LeadStatus.IDENTIFIED: _forward(LeadStatus.IDENTIFIED),
    LeadStatus.INTRODUCED: _forward(LeadStatus.INTRODUCED),
    LeadStatus.IN_DISCUSSION: _forward(LeadStatus.IN_DISCUSSION),
    LeadStatus.CONTRACTED: {LeadStatus.VOUCHER_APPLICATION, LeadStatus.DROPPED},
    LeadStatus.VOUCHER_APPLICATION: set(),
    LeadStatus.DROPPED: {LeadStatus.IDENTIFIED},
}
