"""CSV and XLSX exports of the clusters lists, with django-import-export resources.

Every cell is neutralised against formulas (``vouchers.common.exports``) and the columns
are named in the user's language.
"""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from vouchers.common.exports import CSV, XLSX

from .models import AwarenessAction, Lead, NeedItem

FORMATS = {"csv": CSV, "xlsx": XLSX}


class ActionResource(resources.ModelResource):
    date = fields.Field(column_name=_("Date"))
    kind = fields.Field(column_name=_("Kind"))
    title = fields.Field(attribute="title", column_name=_("Title"))
    status = fields.Field(column_name=_("Status"))
    place = fields.Field(column_name=_("Place"))
    organisations = fields.Field(column_name=_("Organisations"))
    audience_sme = fields.Field(attribute="audience_sme", column_name=_("SMEs"))
    audience_creative = fields.Field(attribute="audience_creative", column_name=_("Creative businesses"))
    audience_cluster_staff = fields.Field(
        attribute="audience_cluster_staff", column_name=_("Cluster or pole staff")
    )
    audience_other = fields.Field(attribute="audience_other", column_name=_("Others"))
    outcomes = fields.Field(attribute="outcomes", column_name=_("Outcomes"))

    class Meta:
        model = AwarenessAction
        fields = (
            "date",
            "kind",
            "title",
            "status",
            "place",
            "organisations",
            "audience_sme",
            "audience_creative",
            "audience_cluster_staff",
            "audience_other",
            "outcomes",
        )

    def dehydrate_date(self, action):
        return timezone.localtime(action.starts_at).strftime("%Y-%m-%d %H:%M")

    def dehydrate_kind(self, action):
        return str(action.get_kind_display())

    def dehydrate_status(self, action):
        return str(action.get_status_display())

    def dehydrate_place(self, action):
        return str(_("Online")) if action.online and not action.place else action.place

    def dehydrate_organisations(self, action):
        return ", ".join(str(organisation) for organisation in action.organisations.all())


class LeadResource(resources.ModelResource):
    identified_on = fields.Field(attribute="identified_on", column_name=_("Identified on"))
    organisation = fields.Field(column_name=_("Organisation"))
    member = fields.Field(column_name=_("Member company"))
    need = fields.Field(attribute="need_summary", column_name=_("Need"))
    creative = fields.Field(column_name=_("Creative business"))
    status = fields.Field(column_name=_("Status"))
    status_changed_on = fields.Field(attribute="status_changed_on", column_name=_("Status since"))
    application = fields.Field(column_name=_("Voucher application"))

    class Meta:
        model = Lead
        fields = (
            "identified_on",
            "organisation",
            "member",
            "need",
            "creative",
            "status",
            "status_changed_on",
            "application",
        )

    def dehydrate_organisation(self, lead):
        return str(lead.organisation)

    def dehydrate_member(self, lead):
        return lead.member_company.name if lead.member_company else lead.member_name

    def dehydrate_creative(self, lead):
        return lead.creative_business.name if lead.creative_business else ""

    def dehydrate_status(self, lead):
        return str(lead.get_status_display())

    def dehydrate_application(self, lead):
        return (lead.application.reference or "") if lead.application else ""


class NeedResource(resources.ModelResource):
    assessed_on = fields.Field(attribute="assessment__assessed_on", column_name=_("Assessed on"))
    organisation = fields.Field(column_name=_("Organisation"))
    method = fields.Field(column_name=_("Method"))
    category = fields.Field(column_name=_("Category"))
    description = fields.Field(attribute="description", column_name=_("Need"))
    priority = fields.Field(column_name=_("Priority"))
    companies = fields.Field(attribute="companies_concerned", column_name=_("Member companies concerned"))

    class Meta:
        model = NeedItem
        fields = ("assessed_on", "organisation", "method", "category", "description", "priority", "companies")

    def dehydrate_organisation(self, item):
        return str(item.assessment.organisation)

    def dehydrate_method(self, item):
        return str(item.assessment.get_method_display())

    def dehydrate_category(self, item):
        return str(item.get_category_display())

    def dehydrate_priority(self, item):
        return str(item.get_priority_display())


def export_response(resource, queryset, *, name, fmt):
    """The queryset as a CSV or XLSX download named ``<name>-<date>.<ext>``."""
    file_format = FORMATS[fmt]()
    data = file_format.export_data(resource.export(queryset=queryset))
    response = HttpResponse(data, content_type=file_format.get_content_type())
    filename = f"{name}-{timezone.localdate().isoformat()}.{file_format.get_extension()}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
