"""The shared registry of enterprises, one row per Belgian enterprise number.

Applicants never write it directly: their answers stay in their application
(ApplicationParty) and the submission service registers or refreshes the company.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vouchers.common.reference.creative import CreativeDomain
from vouchers.common.reference.geography import Province, Region
from vouchers.common.validators import format_enterprise_number, validate_enterprise_number


class LegalForm(models.TextChoices):
    SRL = "srl", _("SRL / BV (private limited company, formerly SPRL)")
    SA = "sa", _("SA / NV (public limited company)")
    SC = "sc", _("SC / CV (cooperative company)")
    SNC = "snc", _("SNC / VOF (general partnership)")
    SCOMM = "scomm", _("SComm / CommV (limited partnership)")
    ASBL = "asbl", _("ASBL / VZW (non-profit association)")
    SELF_EMPLOYED = "self_employed", _("Self-employed person")
    OTHER = "other", _("Other")


class CompanyFields(models.Model):
    """Identification, address and size of an enterprise, shared by the registry and
    by an application's answers about each partner."""

    enterprise_number = models.CharField(
        _("enterprise number"), max_length=10, validators=[validate_enterprise_number]
    )
    name = models.CharField(_("name"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    province = models.CharField(_("province"), max_length=20, choices=Province.choices, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    nace_code = models.CharField(_("main NACE code"), max_length=6, blank=True)
    creative_domain = models.CharField(
        _("creative domain"), max_length=30, choices=CreativeDomain.choices, blank=True
    )
    staff_headcount = models.DecimalField(
        _("staff (annual work units)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    turnover = models.DecimalField(
        _("turnover (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    balance_sheet_total = models.DecimalField(
        _("balance-sheet total (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    reference_year = models.PositiveSmallIntegerField(
        _("reference year of the figures"), null=True, blank=True
    )
    vat_registered = models.BooleanField(_("VAT-registered"), default=False)

    class Meta:
        abstract = True

    @property
    def enterprise_number_display(self):
        return format_enterprise_number(self.enterprise_number)

    @property
    def vat_number(self):
        return f"BE{self.enterprise_number}" if self.vat_registered and self.enterprise_number else ""


class Company(CompanyFields):
    created_at = models.DateTimeField(verbose_name=_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ("name",)
        constraints = [
            models.UniqueConstraint(fields=("enterprise_number",), name="company_enterprise_number_unique"),
            models.CheckConstraint(
                condition=models.Q(enterprise_number__regex=r"^[01][0-9]{9}$"),
                name="company_enterprise_number_canonical",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.enterprise_number_display})"
