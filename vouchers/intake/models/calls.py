"""A call for applications: its dates, money and rules, edited by staff in the admin."""

from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from vouchers.intake.enums import CallState

BRUSSELS = ZoneInfo("Europe/Brussels")


def submissions_end(closes_at):
    """The first instant a call no longer takes submissions: the end of the minute its
    deadline shows. Pages print "23:59"; a deadline stored as 23:59:59 would refuse a
    submission at 23:59:59.4, and one stored as 23:59:00 one at 23:59:30."""
    return closes_at.replace(second=0, microsecond=0) + timedelta(minutes=1)


class Call(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(
        _("closes at"), help_text=_("Deadline for submissions (date and time, Brussels time).")
    )
    voucher_amount = models.DecimalField(
        _("voucher amount (EUR)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    voucher_count = models.PositiveSmallIntegerField(
        _("number of vouchers"), validators=[MinValueValidator(1)]
    )
    results_date = models.DateField(
        _("results expected on"),
        null=True,
        blank=True,
        help_text=_("Announced date of the results."),
    )
    results_published_at = models.DateTimeField(
        _("results published at"),
        null=True,
        blank=True,
        editable=False,  # written by the results release only (services.release)
        help_text=_("Set when staff release the results."),
    )
    execution_start_date = models.DateField(
        _("projects may start on"),
        null=True,
        blank=True,
        help_text=_("Start of the execution period; workplan tasks must fall inside it."),
    )
    execution_end_date = models.DateField(_("projects to be completed by"), null=True, blank=True)
    de_minimis_ceiling = models.DecimalField(
        _("de minimis ceiling (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("200000"),
        help_text=_("Maximum de minimis aid per single undertaking over the window."),
    )
    de_minimis_window_years = models.PositiveSmallIntegerField(
        _("de minimis window (fiscal years)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    cofinancing_share = models.DecimalField(
        _("SME co-financing share (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Share of the project cost the SME pays itself, in percent."),
    )
    redress_days = models.PositiveSmallIntegerField(
        _("days to contest a decision"),
        default=30,
        help_text=_("An applicant may contest an ineligibility decision within this many days."),
    )
    provider_application_limit = models.PositiveSmallIntegerField(
        _("applications per creative provider before review"),
        default=2,
        help_text=_("A creative provider in more submitted applications than this goes to staff review."),
    )
    jurors_per_application = models.PositiveSmallIntegerField(
        _("jurors per application"), default=3, validators=[MinValueValidator(1)]
    )
    review_due_date = models.DateField(_("reviews due by"), null=True, blank=True)
    disagreement_threshold = models.DecimalField(
        _("disagreement flag above (points /100)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20"),
        help_text=_("Reviews of one application further apart than this are flagged."),
    )
    tie_break_criterion = models.SlugField(
        _("tie-break criterion (code)"),
        max_length=40,
        blank=True,
        default="added-value",
        help_text=_("Equal totals: the higher mean on this criterion first, then the earlier submission."),
    )
    peer_reviews_visible = models.BooleanField(
        _("jurors see the other reviews once they submitted theirs"),
        default=False,
        help_text=_(
            "Never before: a juror sees no other score or identity until their own review is submitted."
        ),
    )
    pass_threshold = models.DecimalField(
        _("overall threshold (/100)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    acceptance_days = models.PositiveSmallIntegerField(
        _("days to accept a voucher"),
        default=14,
        help_text=_("An awarded applicant accepts or declines the voucher within this many days."),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("years the applications are kept"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_(
            "Counted from the release of the results (or the closing). Then contacts are "
            "anonymised and files deleted; de minimis records must be kept ten years."
        ),
    )
    report_days = models.PositiveSmallIntegerField(
        _("days to send the final report and the payment claim"),
        default=60,
        validators=[MaxValueValidator(365)],
        help_text=_("Counted from the end of the execution period."),
    )
    reference_prefix = models.CharField(
        _("reference prefix"),
        max_length=12,
        default="WECD",
        help_text=_("Applications get references such as WECD-2014-001."),
    )
    # Who signs the letters, and where applicants write or call.
    signatory_name = models.CharField(_("signatory of the letters"), max_length=120, blank=True)
    signatory_title_fr = models.CharField(_("signatory’s title (French)"), max_length=160, blank=True)
    signatory_title_en = models.CharField(_("signatory’s title (English)"), max_length=160, blank=True)
    sender_address = models.TextField(
        _("sender’s address"), blank=True, help_text=_("As printed at the top of the letters, one line each.")
    )
    sender_phone = models.CharField(_("sender’s phone"), max_length=40, blank=True)
    sender_email = models.EmailField(_("sender’s e-mail"), blank=True)
    # Last reference number given; incremented under a row lock, so gap-free.
    last_sequence = models.PositiveIntegerField(
        verbose_name=_("last reference number"), default=0, editable=False
    )
    created_at = models.DateTimeField(verbose_name=_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ("-opens_at",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(voucher_amount__gt=0), name="call_voucher_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(voucher_count__gte=1), name="call_at_least_one_voucher"
            ),
            models.CheckConstraint(
                condition=models.Q(cofinancing_share__gte=0, cofinancing_share__lte=100),
                name="call_cofinancing_share_percent",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The call must close after it opens.")})

    @property
    def name(self):
        language = (translation.get_language() or "fr")[:2]
        return self.name_en if language == "en" and self.name_en else self.name_fr

    def reference_for(self, sequence):
        return f"{self.reference_prefix}-{self.opens_at.astimezone(BRUSSELS).year}-{sequence:03d}"

    @property
    def signatory_title(self):
        language = (translation.get_language() or "fr")[:2]
        return (
            self.signatory_title_en
            if language == "en" and self.signatory_title_en
            else self.signatory_title_fr
        )

    @property
    def sender_lines(self):
        return [line.strip() for line in self.sender_address.splitlines() if line.strip()]

    @property
    def budget(self):
        return self.voucher_amount * self.voucher_count

    def state_at(self, moment):
        if self.results_published_at and self.results_published_at <= moment:
            return CallState.RESULTS_PUBLISHED
        if moment < self.opens_at:
            return CallState.UPCOMING
        if moment < submissions_end(self.closes_at):
            return CallState.OPEN
        return CallState.CLOSED

    @property
    def state(self):
        return self.state_at(timezone.now())
