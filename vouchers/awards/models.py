"""Award decisions: awarded (with a voucher code), reserve, or not selected; letters."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vouchers.awards.enums import AwardState
from vouchers.intake.models import Application, Call

# Written (in the portal's default language) as the justification of a reserve's promotion.
VOUCHER_NUMBER_CONSTRAINT = "one_voucher_number_per_call"
PROMOTION_NOTE = _("Promoted from the reserve list: a voucher was freed.")


class AwardOutcome(models.TextChoices):
    AWARDED = "awarded", _("Awarded")
    RESERVE = "reserve", _("Reserve list")
    NOT_SELECTED = "not_selected", _("Not selected")


class AwardDecision(models.Model):
    Outcome = AwardOutcome

    call = models.ForeignKey(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="award_decisions"
    )
    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="award_decision"
    )
    rank = models.PositiveIntegerField(_("rank in the frozen ranking"))
    proposed_outcome = models.CharField(_("proposed"), max_length=20, choices=Outcome.choices)
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    reserve_position = models.PositiveSmallIntegerField(
        _("position on the reserve list"), null=True, blank=True
    )
    justification = models.TextField(_("justification of a change to the proposal"), blank=True)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    voucher_number = models.PositiveSmallIntegerField(_("voucher number"), null=True, blank=True)
    voucher_code = models.CharField(_("voucher code"), max_length=30, null=True, blank=True, unique=True)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)
    # When staff confirmed the outcome: the date its letter bears (a promoted
    # reserve's award letter bears ``promoted_at``).
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Response(models.TextChoices):
        PENDING = "pending", _("Awaiting the answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Not answered in time")

    response = models.CharField(_("applicant’s answer"), max_length=10, choices=Response.choices, blank=True)
    accept_by = models.DateField(_("answer due by"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The fact of a promotion (a reserve offered a freed voucher), shown in the
    # reader's language as PROMOTION_NOTE: never a text to compare.
    promoted_at = models.DateTimeField(_("promoted from the reserve list at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ("call", "rank")
        constraints = [
            # One voucher number per call: two concurrent grants can never share one.
            models.UniqueConstraint(fields=("call", "voucher_number"), name=VOUCHER_NUMBER_CONSTRAINT),
            models.CheckConstraint(
                condition=models.Q(voucher_number__isnull=True) | models.Q(voucher_number__gte=1),
                name="voucher_number_positive",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome=AwardOutcome.AWARDED, confirmed=True)
                | models.Q(voucher_number__isnull=False, voucher_code__isnull=False, amount__isnull=False),
                name="confirmed_award_has_voucher",
            ),
            models.CheckConstraint(
                # A staff change is justified in words; a promotion is its own reason.
                condition=models.Q(outcome=models.F("proposed_outcome"))
                | ~models.Q(justification="")
                | models.Q(promoted_at__isnull=False),
                name="changed_decision_is_justified",
            ),
        ]

    def __str__(self):
        return f"{self.application}: {self.get_outcome_display()}"

    @property
    def justification_shown(self):
        """Why the outcome differs from the proposal: the promotion note in the reader's
        language for a promoted reserve, else the staff's justification as typed."""
        return str(PROMOTION_NOTE) if self.promoted_at else self.justification

    @property
    def state(self):
        """The decision's AwardState, from its outcome, confirmation and answer."""

        if not self.confirmed:
            return AwardState(f"proposed_{self.outcome}")
        if self.response:
            return AwardState.OFFERED if self.response == self.Response.PENDING else AwardState(self.response)
        return AwardState(self.outcome)


def letter_path(instance, filename):
    return f"letters/{instance.application.public_id}/{instance.kind}-{uuid.uuid4().hex}.pdf"


class Letter(models.Model):
    """The PDF letter of a decision, one per application and kind, stored privately."""

    class Kind(models.TextChoices):
        AWARD = "award", _("Award letter")
        RESERVE = "reserve", _("Reserve-list letter")
        REJECTION = "rejection", _("Rejection letter")
        INELIGIBLE = "ineligible", _("Ineligibility letter")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    file = models.FileField(verbose_name=_("file"), upload_to=letter_path, max_length=200)
    sha256 = models.CharField(verbose_name=_("SHA-256"), max_length=64)
    # What the letter says (the SHA-256 of the HTML it is laid out from): the same
    # decision renders once, whatever the day, the fonts or WeasyPrint's version.
    content_sha256 = models.CharField(_("SHA-256 of the content"), max_length=64, blank=True)
    rendered_at = models.DateTimeField(_("rendered at"), auto_now=True)
    renderings = models.PositiveSmallIntegerField(_("times rendered"), default=1)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        constraints = [
            models.UniqueConstraint(fields=("application", "kind"), name="one_letter_per_application_kind")
        ]

    def __str__(self):
        return f"{self.application} – {self.get_kind_display()}"
