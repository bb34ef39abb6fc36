"""Staff views of applications and companies: filters, search, read-only answers,
downloads through the checked view, CSV/XLSX export of the filtered list."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from vouchers.common.reference.creative import CreativeDomain
from vouchers.common.reference.geography import Province
from vouchers.common.validators import SmeCategory, format_enterprise_number, normalize_enterprise_number
from vouchers.intake.enums import PartyRole
from vouchers.intake.models import (
    Application,
    ApplicationParty,
    Attachment,
    Company,
    DeMinimisAid,
    ImpactIndicator,
    WorkplanTask,
)
from wecd_portal.core.admin_mixins import ReadOnlyAdminMixin


def enterprise_number_or_term(term):
    """`BE 0203.201.340` typed in a search box finds the stored 10 digits."""
    try:
        return normalize_enterprise_number(term)
    except ValidationError:
        return term


def _party_value(role, field):
    return Subquery(ApplicationParty.objects.filter(application=OuterRef("pk"), role=role).values(field)[:1])


def annotate_partners(queryset):
    """Partner names and classifications as columns, in the list's single query."""
    return queryset.annotate(
        sme_name=_party_value(PartyRole.SME, "name"),
        sme_number=_party_value(PartyRole.SME, "enterprise_number"),
        sme_province=_party_value(PartyRole.SME, "province"),
        sme_category_value=_party_value(PartyRole.SME, "sme_category"),
        creative_name=_party_value(PartyRole.CREATIVE, "name"),
        creative_number=_party_value(PartyRole.CREATIVE, "enterprise_number"),
        creative_domain_value=_party_value(PartyRole.CREATIVE, "creative_domain"),
    )


class PartyFieldFilter(admin.SimpleListFilter):
    role = PartyRole.SME
    field = ""
    options = ()

    def lookups(self, request, model_admin):
        return self.options

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(parties__role=self.role, **{f"parties__{self.field}": self.value()})
        return queryset


class SmeProvinceFilter(PartyFieldFilter):
    title = _("SME province")
    parameter_name = "sme_province"
    field = "province"
    options = Province.choices


class SmeCategoryFilter(PartyFieldFilter):
    title = _("SME category")
    parameter_name = "sme_category"
    field = "sme_category"
    options = SmeCategory.choices


class CreativeDomainFilter(PartyFieldFilter):
    title = _("creative domain")
    parameter_name = "creative_domain"
    role = PartyRole.CREATIVE
    field = "creative_domain"
    options = CreativeDomain.choices


class ApplicationResource(resources.ModelResource):
    reference = fields.Field(attribute="reference", column_name="reference")
    call = fields.Field(attribute="call__slug", column_name="call")
    status = fields.Field(attribute="status", column_name="status")
    title = fields.Field(attribute="title", column_name="project title")
    kind = fields.Field(attribute="kind", column_name="kind")
    sme_name = fields.Field(attribute="sme_name", column_name="SME")
    sme_number = fields.Field(attribute="sme_number", column_name="SME enterprise number")
    sme_province = fields.Field(attribute="sme_province", column_name="SME province")
    sme_category = fields.Field(attribute="sme_category_value", column_name="SME category")
    creative_name = fields.Field(attribute="creative_name", column_name="creative provider")
    creative_number = fields.Field(attribute="creative_number", column_name="creative enterprise number")
    creative_domain = fields.Field(attribute="creative_domain_value", column_name="creative domain")
    total_cost = fields.Field(attribute="total_cost", column_name="total cost (EUR)")
    voucher_requested = fields.Field(attribute="voucher_requested", column_name="voucher requested (EUR)")
    heard_via = fields.Field(attribute="heard_via", column_name="heard via")
    submitted_at = fields.Field(attribute="submitted_at", column_name="submitted at")

    class Meta:
        model = Application
        fields = (
            "reference",
            "call",
            "status",
            "title",
            "kind",
            "sme_name",
            "sme_number",
            "sme_province",
            "sme_category",
            "creative_name",
            "creative_number",
            "creative_domain",
            "total_cost",
            "voucher_requested",
            "heard_via",
            "submitted_at",
        )

    def dehydrate_sme_number(self, application):
        return format_enterprise_number(getattr(application, "sme_number", "") or "")

    def dehydrate_creative_number(self, application):
        return format_enterprise_number(getattr(application, "creative_number", "") or "")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PartyInline(ReadOnlyInline, admin.StackedInline):
    model = ApplicationParty
    exclude = ("company",)
    readonly_fields = ("registered_company",)

    @admin.display(description=_("company in the registry"))
    def registered_company(self, obj):
        if not obj.company_id:
            return "—"
        url = reverse("admin:vouchers_company_change", args=[obj.company_id])
        return format_html('<a href="{}">{}</a>', url, obj.company)


class IndicatorInline(ReadOnlyInline):
    model = ImpactIndicator


class TaskInline(ReadOnlyInline):
    model = WorkplanTask


class AidInline(ReadOnlyInline):
    model = DeMinimisAid


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("kind", "download", "content_type", "size", "sha256", "uploaded_at")
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        # Through the permission-checked view, never a direct file URL.
        return format_html(
            '<a href="{}">{}</a>', reverse("attachment_download", args=[obj.public_id]), obj.original_name
        )


@admin.register(Company)
class CompanyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "enterprise_number_display",
        "legal_form",
        "province",
        "creative_domain",
        "vat_registered",
    )
    list_filter = ("region", "province", "creative_domain", "legal_form", "vat_registered")
    search_fields = ("name", "enterprise_number", "municipality")

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, enterprise_number_or_term(search_term))

    @admin.display(description=_("enterprise number"), ordering="enterprise_number")
    def enterprise_number_display(self, obj):
        return obj.enterprise_number_display
