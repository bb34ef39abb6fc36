"""An application: a duo (SME + creative provider), their project, budget,
declarations and attachments, for one call."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vouchers.common.validators import SmeCategory, validate_enterprise_number
from vouchers.intake.enums import (
    ACTIVE_SUBMITTED_STATUSES,
    ApplicationStatus,
    AttachmentKind,
    HeardVia,
    HoldingRelation,
    PartyRole,
    ProjectKind,
)
from wecd_portal.core.models import StoredFile

from .calls import Call
from .companies import CompanyFields


class Application(models.Model):
    public_id = models.UUIDField(
        verbose_name=_("public identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("owner"),
        # Empty only once the retention period has anonymised the application.
        null=True,
        blank=True,
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    reference = models.CharField(_("reference"), max_length=24, null=True, blank=True, unique=True)
    sequence = models.PositiveIntegerField(_("sequence number"), null=True, blank=True)
    # Copied from the SME section so the database can enforce one application per SME.
    sme_enterprise_number = models.CharField(
        verbose_name=_("SME enterprise number"), max_length=10, blank=True, db_index=True
    )

    title = models.CharField(_("project title"), max_length=200, blank=True)
    kind = models.CharField(_("kind of project"), max_length=30, choices=ProjectKind.choices, blank=True)
    kind_other = models.CharField(_("other kind, explained"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    added_value = models.TextField(_("creative added value beyond aesthetics"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    deliverables = models.TextField(_("deliverables"), blank=True)

    total_cost = models.DecimalField(
        _("total cost excluding VAT (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    quotation_amount = models.DecimalField(
        _("provider’s quotation excluding VAT (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    voucher_requested = models.DecimalField(
        _("voucher requested (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    own_contribution = models.DecimalField(
        _("SME’s own contribution (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    declares_sme = models.BooleanField(_("SME self-declaration"), default=False)
    declares_no_double_funding = models.BooleanField(_("no double funding"), default=False)
    declares_independence = models.BooleanField(_("partners independent"), default=False)
    declares_truthful = models.BooleanField(_("information truthful"), default=False)
    consents_privacy = models.BooleanField(_("consent to the privacy notice"), default=False)

    heard_via = models.CharField(
        _("heard of the call through"), max_length=30, choices=HeardVia.choices, blank=True
    )
    heard_via_detail = models.CharField(_("details"), max_length=300, blank=True)
    heard_via_organisation = models.ForeignKey(
        "clusters.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications_heard",
        verbose_name=_("which cluster or pole"),
    )
    heard_via_action = models.ForeignKey(
        "clusters.AwarenessAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications_heard",
        verbose_name=_("which awareness action"),
    )

    receipt = models.FileField(_("receipt"), upload_to="receipts/%Y/", blank=True)
    receipt_sha256 = models.CharField(verbose_name=_("receipt SHA-256"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # "More information" requests: the sections the applicant may change, by when.
    info_sections = models.JSONField(_("sections to complete"), default=list, blank=True)
    info_message = models.TextField(_("information requested"), blank=True)
    info_due_date = models.DateField(_("information due by"), null=True, blank=True)
    eligibility_decided_at = models.DateTimeField(_("eligibility decided at"), null=True, blank=True)
    # The reasons sent with a "not eligible" decision, as sent: {"fr": [...], "en": [...]}.
    decision_reasons = models.JSONField(_("reasons of the decision"), default=dict, blank=True)
    # The one date until which the decision may be contested: the email and the letter
    # both quote it (set with the ineligibility decision, or with the award decisions).
    redress_deadline = models.DateField(_("decision may be contested until"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ("-created_at",)
        constraints = [
            models.UniqueConstraint(
                fields=("call", "sme_enterprise_number"),
                condition=models.Q(status__in=ACTIVE_SUBMITTED_STATUSES)
                & ~models.Q(sme_enterprise_number=""),
                name="one_active_application_per_sme_per_call",
            ),
            models.UniqueConstraint(fields=("call", "sequence"), name="application_sequence_unique_per_call"),
            models.CheckConstraint(
                condition=models.Q(status=ApplicationStatus.DRAFT)
                | models.Q(submitted_at__isnull=False, reference__isnull=False)
                | models.Q(status=ApplicationStatus.WITHDRAWN),
                name="application_submitted_has_reference",
            ),
        ]

    def __str__(self):
        return self.reference or self.title or str(_("Draft application"))

    @property
    def is_draft(self):
        return self.status == ApplicationStatus.DRAFT

    def reasons_in(self, language):
        """The stored reasons of the decision in ``language`` (French as fallback)."""
        return self.decision_reasons.get(language[:2]) or self.decision_reasons.get("fr") or []


class ApplicationParty(CompanyFields):
    """One partner of the duo as the applicant described it (a snapshot)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="parties"
    )
    role = models.CharField(_("role"), max_length=10, choices=PartyRole.choices)
    company = models.ForeignKey(
        "vouchers.Company",
        verbose_name=_("company"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application_parties",
    )
    # The registered office is the company address above; the operating site may differ.
    site_postal_code = models.CharField(_("operating site postal code"), max_length=4, blank=True)
    site_municipality = models.CharField(_("operating site municipality"), max_length=100, blank=True)
    sme_category = models.CharField(_("SME category"), max_length=10, choices=SmeCategory.choices, blank=True)
    references = models.TextField(_("references (previous work)"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_role = models.CharField(_("role in the company"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ("-role",)  # "sme" before "creative": the SME is always named first
        constraints = [models.UniqueConstraint(fields=("application", "role"), name="one_party_per_role")]

    def __str__(self):
        return f"{self.get_role_display()}: {self.name}"


class Holding(models.Model):
    """A partner or linked enterprise of the SME (holding of 25 % or more, either way)."""

    party = models.ForeignKey(
        ApplicationParty, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="holdings"
    )
    name = models.CharField(_("enterprise"), max_length=200)
    enterprise_number = models.CharField(
        _("enterprise number"), max_length=10, blank=True, validators=[validate_enterprise_number]
    )
    relation = models.CharField(_("relation"), max_length=10, choices=HoldingRelation.choices)
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    staff_headcount = models.DecimalField(_("its staff (AWU)"), max_digits=8, decimal_places=2, default=0)
    turnover = models.DecimalField(_("its turnover (EUR)"), max_digits=14, decimal_places=2, default=0)
    balance_sheet_total = models.DecimalField(
        _("its balance-sheet total (EUR)"), max_digits=14, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("partner or linked enterprise")
        verbose_name_plural = _("partner and linked enterprises")
        ordering = ("id",)

    def __str__(self):
        return f"{self.name} ({self.share} %)"


class ImpactIndicator(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="indicators"
    )
    indicator = models.CharField(_("indicator"), max_length=200)
    baseline = models.CharField(_("baseline"), max_length=100)
    target = models.CharField(_("target"), max_length=100)

    class Meta:
        verbose_name = _("impact indicator")
        verbose_name_plural = _("impact indicators")
        ordering = ("id",)

    def __str__(self):
        return self.indicator


class WorkplanTask(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("task"), max_length=200)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))

    class Meta:
        verbose_name = _("workplan task")
        verbose_name_plural = _("workplan")
        ordering = ("starts_on", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="task_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title


class DeMinimisAid(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="de_minimis_aids"
    )
    granted_on = models.DateField(_("date granted"))
    granting_body = models.CharField(_("granting body"), max_length=200)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("de minimis aid received")
        verbose_name_plural = _("de minimis aid received")
        ordering = ("granted_on", "id")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="de_minimis_amount_positive")
        ]

    def __str__(self):
        return f"{self.granting_body} {self.granted_on}"


def attachment_path(instance, filename):
    # Never the uploaded name: a random one, outside the web root.
    return f"attachments/{instance.application.public_id}/{uuid.uuid4().hex}"


class Attachment(StoredFile):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(verbose_name=_("file"), upload_to=attachment_path, max_length=200)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ("kind", "uploaded_at", "id")

    def __str__(self):
        return self.original_name

    def scan_owner(self):
        return self.application
