"""The jury of a call: evaluation criteria, members, conflicts of interest, assignments."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vouchers.common.validators import format_enterprise_number, validate_enterprise_number
from vouchers.intake.models import Application, Call


class Criterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call"))
    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label_fr = models.CharField(_("label (French)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    guidance_fr = models.TextField(_("guidance (French)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"), default=10, validators=[MinValueValidator(1)]
    )
    minimum = models.DecimalField(
        _("minimum score (optional)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("An application scoring below this on the criterion does not pass, whatever its total."),
    )

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ("call", "position", "code")
        constraints = [
            models.UniqueConstraint(fields=("call", "code"), name="criterion_code_unique_per_call"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.label_en if (translation.get_language() or "fr").startswith("en") else self.label_fr

    @property
    def guidance(self):
        return self.guidance_en if (translation.get_language() or "fr").startswith("en") else self.guidance_fr


class JuryMember(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="jury", verbose_name=_("call"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jury_seats", verbose_name=_("juror")
    )
    is_president = models.BooleanField(_("president of the jury"), default=False)

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury")
        ordering = ("call", "user__email")
        constraints = [
            models.UniqueConstraint(fields=("call", "user"), name="one_seat_per_juror_per_call"),
            models.UniqueConstraint(
                fields=("call",), condition=models.Q(is_president=True), name="one_president_per_call"
            ),
        ]

    def __str__(self):
        return str(self.user)


class CompanyConflict(models.Model):
    """A juror's link to an enterprise: a conflict on every application involving it."""

    class Source(models.TextChoices):
        JUROR = "juror", _("Declared by the juror")
        STAFF = "staff", _("Recorded by staff")

    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="company_conflicts",
        verbose_name=_("juror"),
    )
    enterprise_number = models.CharField(
        _("enterprise number"), max_length=10, validators=[validate_enterprise_number]
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    # A conflict is never deleted: staff withdraw a wrong one with a reason (audited).
    withdrawn_at = models.DateTimeField(pgettext_lazy("a conflict", "withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = models.TextField(_("reason for the withdrawal"), blank=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=("juror", "enterprise_number"),
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_conflict_per_juror_company",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdrawal_reason=""),
                name="withdrawn_conflict_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.juror} ↔ {format_enterprise_number(self.enterprise_number)}"


class ConflictDeclaration(models.Model):
    """A juror's answer, for one assigned application, before seeing its content."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("juror"),
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
    )
    has_conflict = models.BooleanField(_("conflict of interest"))
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict declaration")
        verbose_name_plural = _("conflict declarations")
        constraints = [
            models.UniqueConstraint(fields=("application", "juror"), name="one_declaration_per_assignment")
        ]

    def __str__(self):
        return f"{self.juror} / {self.application}: {'conflict' if self.has_conflict else 'no conflict'}"


class Assignment(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="assignments"
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("juror"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    manual = models.BooleanField(_("assigned by staff"), default=False)
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ("application", "juror__email")
        constraints = [
            models.UniqueConstraint(fields=("application", "juror"), name="one_assignment_per_juror")
        ]

    def __str__(self):
        return f"{self.application} → {self.juror}"


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Review(models.Model):
    """One juror's evaluation of one application: a score and a comment per criterion."""

    Status = ReviewStatus

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="reviews"
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("juror"), on_delete=models.PROTECT, related_name="reviews"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    overall_comment = models.TextField(_("overall comment"), blank=True)
    created_at = models.DateTimeField(verbose_name=_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("last updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ("application", "juror__email")
        constraints = [
            models.UniqueConstraint(fields=("application", "juror"), name="one_review_per_juror"),
            models.CheckConstraint(
                condition=models.Q(status=ReviewStatus.DRAFT) | models.Q(submitted_at__isnull=False),
                name="submitted_review_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.application} – {self.juror}"

    def weighted_total(self, criteria):
        """Σ weight × score / scale over ``criteria`` (weights in %), on 100; None if a score is missing."""
        scores = {score.criterion_id: score.value for score in self.scores.all()}
        if any(scores.get(criterion.pk) is None for criterion in criteria):
            return None
        return sum(
            (criterion.weight * scores[criterion.pk] / criterion.scale_max for criterion in criteria),
            Decimal("0"),
        )


class Score(models.Model):
    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    value = models.DecimalField(_("score"), max_digits=4, decimal_places=1, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    justification = models.TextField(
        _("justification of an extreme score"),
        blank=True,
        help_text=_("Required for the lowest and the highest score."),
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=("review", "criterion"), name="one_score_per_criterion"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="score_not_negative"),
        ]

    def __str__(self):
        return f"{self.criterion.code}: {self.value}"


class RankingSnapshot(models.Model):
    """The frozen ranking of a call: immutable, timestamped, with who froze it."""

    call = models.OneToOneField(
        Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="frozen_ranking"
    )
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("frozen by"), on_delete=models.PROTECT, related_name="+"
    )
    rows = models.JSONField(_("ranking"))

    class Meta:
        verbose_name = _("frozen ranking")
        verbose_name_plural = _("frozen rankings")

    def __str__(self):
        return f"{self.call} – {self.frozen_at:%Y-%m-%d %H:%M}"


class Consensus(models.Model):
    """The deliberation's outcome for one application: the final score and the
    per-criterion comments the applicant's letter will carry."""

    application = models.OneToOneField(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="consensus"
    )
    final_score = models.DecimalField(
        _("final score (/100)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    justification = models.TextField(_("justification of a final score other than the mean"), blank=True)
    # The mean the jury deliberated on: if the reviews change afterwards, the
    # consensus is flagged as out of date.
    based_on_mean = models.DecimalField(_("mean deliberated on"), max_digits=5, decimal_places=2, null=True)
    comments = models.JSONField(_("comments for the applicant, per criterion"), default=dict)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)

    class Meta:
        verbose_name = _("consensus")
        verbose_name_plural = _("consensus")

    def __str__(self):
        return f"{self.application}: {self.final_score}"
