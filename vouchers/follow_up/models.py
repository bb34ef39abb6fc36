"""An accepted voucher's life: execution, final report, payment claim, payment, closure."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vouchers.awards.models import AwardDecision
from vouchers.follow_up.enums import FollowUpFileKind, VoucherStage
from vouchers.intake.models import ImpactIndicator
from wecd_portal.core.models import StoredFile


class VoucherFollowUp(models.Model):
    """One per accepted voucher, opened when the applicant accepts it."""

    decision = models.OneToOneField(
        AwardDecision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="follow_up"
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=VoucherStage.choices, default=VoucherStage.IN_PROGRESS
    )
    execution_ends_on = models.DateField(_("project to be completed by"))
    report_due_on = models.DateField(_("report and claim due by"))
    staff_note = models.TextField(_("note from Wallonie Design"), blank=True)
    payable_amount = models.DecimalField(
        _("amount payable (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    paid_amount = models.DecimalField(
        _("amount paid (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("voucher follow-up")
        verbose_name_plural = _("voucher follow-ups")
        ordering = ("decision__call", "decision__voucher_number")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(stage__in=[VoucherStage.PAID, VoucherStage.CLOSED])
                | models.Q(paid_on__isnull=False, paid_amount__isnull=False),
                name="paid_voucher_has_date_and_amount",
            ),
            models.CheckConstraint(
                condition=models.Q(paid_amount__isnull=True) | models.Q(paid_amount__gt=0),
                name="paid_amount_positive",
            ),
            models.CheckConstraint(
                condition=~models.Q(stage=VoucherStage.CANCELLED) | ~models.Q(cancel_reason=""),
                name="cancelled_voucher_has_reason",
            ),
        ]

    def __str__(self):
        return self.decision.voucher_code or str(self.decision)

    @property
    def application(self):
        return self.decision.application


class FinalReport(models.Model):
    """What the project did and achieved, told by the SME and its provider."""

    follow_up = models.OneToOneField(
        VoucherFollowUp, verbose_name=_("follow-up"), on_delete=models.CASCADE, related_name="report"
    )
    achievements = models.TextField(
        _("what was done"), blank=True, help_text=_("The work carried out and what it produced.")
    )
    sme_testimony = models.TextField(_("the SME’s testimony"), blank=True)
    provider_testimony = models.TextField(_("the creative provider’s testimony"), blank=True)
    updated_at = models.DateTimeField(verbose_name=_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("final report")
        verbose_name_plural = _("final reports")

    def __str__(self):
        return str(self.follow_up)


class IndicatorResult(models.Model):
    """The value reached for one indicator given at application."""

    report = models.ForeignKey(
        FinalReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="results"
    )
    indicator = models.ForeignKey(
        ImpactIndicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    achieved = models.CharField(_("value reached"), max_length=100, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indicator result")
        verbose_name_plural = _("indicator results")
        ordering = ("indicator_id",)
        constraints = [
            models.UniqueConstraint(fields=("report", "indicator"), name="one_result_per_indicator")
        ]

    def __str__(self):
        return f"{self.indicator}: {self.achieved}"


class PaymentClaim(models.Model):
    """The provider's invoice the voucher pays, and to whom."""

    follow_up = models.OneToOneField(
        VoucherFollowUp, verbose_name=_("follow-up"), on_delete=models.CASCADE, related_name="claim"
    )
    invoice_number = models.CharField(_("invoice number"), max_length=50, blank=True)
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    amount_excl_vat = models.DecimalField(
        _("amount excluding VAT (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    vat_amount = models.DecimalField(_("VAT (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True)
    payee_name = models.CharField(_("payee (account holder)"), max_length=200, blank=True)
    payee_iban = models.CharField(_("payee’s IBAN"), max_length=34, blank=True)
    updated_at = models.DateTimeField(verbose_name=_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("payment claim")
        verbose_name_plural = _("payment claims")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_excl_vat__isnull=True) | models.Q(amount_excl_vat__gt=0),
                name="claim_amount_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(vat_amount__isnull=True) | models.Q(vat_amount__gte=0),
                name="claim_vat_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.follow_up} – {self.invoice_number}"

    @property
    def amount_incl_vat(self):
        if self.amount_excl_vat is None:
            return None
        return self.amount_excl_vat + (self.vat_amount or Decimal("0"))


def follow_up_file_path(instance, filename):
    # Never the uploaded name: a random one, outside the web root.
    return f"follow-up/{instance.follow_up.decision.application.public_id}/{uuid.uuid4().hex}"


class FollowUpFile(StoredFile):
    follow_up = models.ForeignKey(
        VoucherFollowUp, verbose_name=_("follow-up"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FollowUpFileKind.choices)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    file = models.FileField(verbose_name=_("file"), upload_to=follow_up_file_path, max_length=200)

    class Meta:
        verbose_name = _("follow-up file")
        verbose_name_plural = _("follow-up files")
        ordering = ("kind", "uploaded_at", "id")

    def scan_owner(self):
        return self.follow_up.decision.application
