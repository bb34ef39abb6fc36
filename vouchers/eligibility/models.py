"""Eligibility results: one row per application and rule, with any staff verdict."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vouchers.eligibility.registry import Outcome
from vouchers.intake.models import Application


class EligibilityResult(models.Model):
    class Verdict(models.TextChoices):
        PASS = "pass", _("Eligible on this point")
        FAIL = "fail", _("Not eligible on this point")

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="eligibility_results",
    )
    rule_code = models.CharField(_("rule"), max_length=40)
    rule_version = models.PositiveSmallIntegerField(_("rule version"))
    outcome = models.CharField(_("automatic result"), max_length=10, choices=Outcome.choices)
    reason_fr = models.TextField(_("reason (French)"))
    reason_en = models.TextField(_("reason (English)"))
    facts = models.JSONField(_("values judged"), default=dict)
    facts_hash = models.CharField(verbose_name=_("facts fingerprint"), max_length=64)
    evaluated_at = models.DateTimeField(_("evaluated at"))
    verdict = models.CharField(_("staff verdict"), max_length=10, choices=Verdict.choices, blank=True)
    verdict_justification = models.TextField(_("justification"), blank=True)
    verdict_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verdict by"),
    )
    verdict_at = models.DateTimeField(_("verdict at"), null=True, blank=True)

    class Meta:
        verbose_name = _("eligibility result")
        verbose_name_plural = _("eligibility checklist")
        ordering = ("application", "rule_code")
        constraints = [
            models.UniqueConstraint(fields=("application", "rule_code"), name="one_result_per_rule"),
            models.CheckConstraint(
                condition=models.Q(verdict="") | ~models.Q(verdict_justification=""),
                name="verdict_needs_justification",
            ),
        ]

    def __str__(self):
        return f"{self.rule_code}: {self.get_outcome_display()}"

    @property
    def final(self):
        """The result that counts: the staff verdict if any, else the automatic one."""
        return self.verdict or self.outcome

    @property
    def is_unresolved(self):
        return self.outcome == Outcome.REVIEW and not self.verdict

    def reason(self, language):
        return self.reason_en if language.startswith("en") else self.reason_fr
