"""The staff eligibility checklist: results per rule, verdicts with justification,
bulk re-runs, filters by eligibility state and by failing rule."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export import fields, resources
from import_export.admin import ExportMixin

from vouchers.common import exports
from vouchers.common.reference.geography import Province
from vouchers.common.validators import SmeCategory
from vouchers.eligibility.checks import all_rules
from vouchers.eligibility.models import EligibilityResult
from vouchers.eligibility.registry import Outcome
from vouchers.eligibility.services.checklist import (
    eligibility_run,
    eligibility_verdict_check,
    eligibility_verdict_record,
)
from vouchers.eligibility.services.decisions import (
    application_declare_eligible,
    application_declare_ineligible,
    application_request_information,
    final_failures,
    info_overdue,
)
from vouchers.intake.admin import (
    AidInline,
    ApplicationResource,
    AttachmentInline,
    CreativeDomainFilter,
    IndicatorInline,
    PartyInline,
    SmeCategoryFilter,
    SmeProvinceFilter,
    TaskInline,
    annotate_partners,
    enterprise_number_or_term,
)
from vouchers.intake.completeness import SECTIONS
from vouchers.intake.enums import SCREENING_STATUSES, ApplicationStatus
from vouchers.intake.models import Application
from wecd_portal.core.admin_mixins import ReadOnlyAdminMixin

FINAL_FAIL = Q(verdict=EligibilityResult.Verdict.FAIL) | Q(verdict="", outcome=Outcome.FAIL)
UNRESOLVED = Q(verdict="", outcome=Outcome.REVIEW)


class EligibilityStateFilter(admin.SimpleListFilter):
    title = _("eligibility checks")
    parameter_name = "eligibility"

    def lookups(self, request, model_admin):
        return [
            ("not_run", _("Not run yet")),
            ("unresolved", _("Points to review")),
            ("failing", _("At least one point failed")),
            ("clear", _("Every point passes")),
            ("overdue", _("Requested information overdue")),
        ]

    def queryset(self, request, queryset):
        results = EligibilityResult.objects.filter(application=OuterRef("pk"))
        value = self.value()
        if value == "not_run":
            return queryset.filter(status=ApplicationStatus.SUBMITTED).exclude(Exists(results))
        awaiting = queryset.filter(status__in=SCREENING_STATUSES)  # not decided yet
        if value == "unresolved":
            return awaiting.filter(Exists(results.filter(UNRESOLVED)))
        if value == "failing":
            return queryset.filter(Exists(results.filter(FINAL_FAIL)))
        if value == "overdue":
            return queryset.filter(status=ApplicationStatus.MORE_INFO, info_due_date__lt=timezone.localdate())
        if value == "clear":
            return awaiting.filter(Exists(results)).exclude(Exists(results.filter(FINAL_FAIL | UNRESOLVED)))
        return queryset


class FailingRuleFilter(admin.SimpleListFilter):
    title = _("failing rule")
    parameter_name = "failing_rule"

    def lookups(self, request, model_admin):
        return [(rule.code, f"{rule.code} – {rule.title}") for rule in all_rules()]

    def queryset(self, request, queryset):
        if self.value():
            failing = EligibilityResult.objects.filter(
                FINAL_FAIL, application=OuterRef("pk"), rule_code=self.value()
            )
            return queryset.filter(Exists(failing))
        return queryset


class EligibilityInline(admin.TabularInline):
    model = EligibilityResult
    fields = ("rule", "outcome", "reason_fr", "verdict", "verdict_justification", "resolve")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("eligibility checklist")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("rule"))
    def rule(self, obj):
        return obj.rule_code

    @admin.display(description=_("record a verdict"))
    def resolve(self, obj):
        url = reverse("admin:vouchers_eligibilityresult_change", args=[obj.pk])
        label = _("Resolve") if obj.is_unresolved else _("Override")
        return format_html('<a href="{}">{}</a>', url, label)


@admin.action(
    description=_("Run the eligibility rules on the selected applications awaiting a decision"),
    permissions=["run_eligibility"],
)
def run_eligibility_rules(modeladmin, request, queryset):
    count = 0
    for application in queryset.filter(status__in=SCREENING_STATUSES):
        eligibility_run(application=application, actor=request.user)
        count += 1
    modeladmin.message_user(
        request,
        ngettext("Rules run on %(count)d application.", "Rules run on %(count)d applications.", count)
        % {"count": count},
        messages.SUCCESS,
    )


class VerdictForm(forms.ModelForm):
    class Meta:
        model = EligibilityResult
        fields = ("verdict", "verdict_justification")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "verdict" in cleaned:
            # The service's own checks: a refused verdict is a form error, never "saved".
            try:
                eligibility_verdict_check(
                    result=self.instance,
                    verdict=cleaned.get("verdict"),
                    justification=cleaned.get("verdict_justification"),
                )
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from None
        return cleaned

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A decided application's checklist is read-only: the admin then builds the
        # form without these fields.
        for name in ("verdict", "verdict_justification"):
            if name in self.fields:
                self.fields[name].required = True


class EligibilityReportResource(resources.ModelResource):
    """The eligibility report: every application × rule, with reasons and verdicts."""

    reference = fields.Field(attribute="application__reference", column_name="reference")
    status = fields.Field(attribute="application__status", column_name="application status")
    rule = fields.Field(attribute="rule_code", column_name="rule")
    version = fields.Field(attribute="rule_version", column_name="rule version")
    outcome = fields.Field(attribute="outcome", column_name="automatic result")
    verdict = fields.Field(attribute="verdict", column_name="staff verdict")
    final = fields.Field(attribute="final", column_name="final result")
    reason_fr = fields.Field(attribute="reason_fr", column_name="reason (fr)")
    reason_en = fields.Field(attribute="reason_en", column_name="reason (en)")
    justification = fields.Field(attribute="verdict_justification", column_name="justification")
    evaluated_at = fields.Field(attribute="evaluated_at", column_name="evaluated at")

    class Meta:
        model = EligibilityResult
        fields = (
            "reference",
            "status",
            "rule",
            "version",
            "outcome",
            "verdict",
            "final",
            "reason_fr",
            "reason_en",
            "justification",
            "evaluated_at",
        )


@admin.register(EligibilityResult)
class EligibilityResultAdmin(ExportMixin, admin.ModelAdmin):
    """One rule of one application: staff record a verdict with its justification."""

    form = VerdictForm
    resource_classes = [EligibilityReportResource]
    formats = [exports.CSV, exports.XLSX]
    list_display = ("application", "rule_code", "outcome", "verdict", "verdict_by", "evaluated_at")
    list_filter = ("outcome", "rule_code", "verdict")
    search_fields = ("application__reference", "rule_code")
    list_select_related = ("application", "verdict_by")
    readonly_fields = (
        "application_link",
        "rule_code",
        "rule_version",
        "outcome",
        "reason_fr",
        "reason_en",
        "facts",
        "evaluated_at",
        "verdict_by",
        "verdict_at",
    )
    fields = (*readonly_fields, "verdict", "verdict_justification")

    @admin.display(description=_("application"))
    def application_link(self, obj):
        url = reverse("admin:vouchers_application_change", args=[obj.application_id])
        return format_html('<a href="{}">{}</a>', url, obj.application)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.application.status not in SCREENING_STATUSES:
            return False  # decided: the checklist is read-only
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # The form's clean() ran the same checks; a refusal here (a concurrent
        # decision) is raised, never reported as saved.
        eligibility_verdict_record(
            result=obj,
            actor=request.user,
            verdict=form.cleaned_data["verdict"],
            justification=form.cleaned_data["verdict_justification"],
        )


class EligibilityDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (ApplicationStatus.ELIGIBLE, _("Eligible: the application goes to the jury")),
            (
                ApplicationStatus.INELIGIBLE,
                _("Not eligible: the applicant is told each failed point and how to contest"),
            ),
            (
                ApplicationStatus.MORE_INFO,
                _("More information needed: the applicant completes the parts named below"),
            ),
        ],
    )
    sections = forms.MultipleChoiceField(
        label=_("Parts to complete"), required=False, widget=forms.CheckboxSelectMultiple, choices=SECTIONS
    )
    message = forms.CharField(
        label=_("Information needed"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def decide_eligibility(model_admin, request, object_id):
    """Admin page: the checklist of one application and the three decisions."""
    application = get_object_or_404(Application.objects.select_related("call", "owner"), pk=object_id)
    if not (
        request.user.has_perm("vouchers.view_application")
        and request.user.has_perm("vouchers.change_eligibilityresult")
    ):
        raise PermissionDenied
    form = EligibilityDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == ApplicationStatus.ELIGIBLE:
                application_declare_eligible(application=application, actor=request.user)
            elif data["decision"] == ApplicationStatus.INELIGIBLE:
                application_declare_ineligible(application=application, actor=request.user)
            else:
                application_request_information(
                    application=application,
                    actor=request.user,
                    sections=data["sections"],
                    message=data["message"],
                    due_date=data["due_date"],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            model_admin.message_user(
                request, _("Decision recorded; the applicant has been told by email."), messages.SUCCESS
            )
            return redirect("admin:vouchers_application_change", application.pk)
    results = list(application.eligibility_results.select_related("verdict_by"))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Eligibility decision – %(application)s") % {"application": application},
        "application": application,
        "results": results,
        "form": form,
        "overdue": info_overdue(application),
        "unresolved": [result.rule_code for result in results if result.is_unresolved],
        "failures": [result.rule_code for result in final_failures(application)],
    }
    return render(request, "admin/vouchers/application/eligibility_decision.html", context)


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdminMixin, ExportMixin, admin.ModelAdmin):
    """The staff's page of an application, where it is screened: the applicants' answers
    read-only (intake's inlines), the checklist, the rules' run and the decision link;
    decisions come through services."""

    resource_classes = [ApplicationResource]
    formats = [exports.CSV, exports.XLSX]
    list_display = (
        "reference_or_draft",
        "title",
        "sme_name",
        "creative_name",
        "status",
        "sme_province_label",
        "sme_category_label",
        "submitted_at",
    )
    list_filter = (
        "status",
        "call",
        EligibilityStateFilter,
        FailingRuleFilter,
        SmeProvinceFilter,
        CreativeDomainFilter,
        SmeCategoryFilter,
        ("submitted_at", admin.DateFieldListFilter),
    )
    search_fields = ("reference", "title", "parties__name", "parties__enterprise_number", "owner__email")
    date_hierarchy = "submitted_at"
    list_select_related = ("call",)
    inlines = [EligibilityInline, PartyInline, IndicatorInline, TaskInline, AidInline, AttachmentInline]
    actions = [run_eligibility_rules]
    readonly_fields = ("eligibility_decision", "receipt_link")
    exclude = ("receipt",)

    def get_queryset(self, request):
        return annotate_partners(super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, enterprise_number_or_term(search_term))

    @admin.display(description=_("reference"), ordering="reference")
    def reference_or_draft(self, obj):
        return obj.reference or _("(draft)")

    @admin.display(description=_("SME"), ordering="sme_name")
    def sme_name(self, obj):
        return obj.sme_name

    @admin.display(description=_("creative provider"), ordering="creative_name")
    def creative_name(self, obj):
        return obj.creative_name

    @admin.display(description=_("SME province"), ordering="sme_province")
    def sme_province_label(self, obj):
        return Province(obj.sme_province).label if obj.sme_province else "—"

    @admin.display(description=_("SME category"), ordering="sme_category_value")
    def sme_category_label(self, obj):
        return SmeCategory(obj.sme_category_value).label if obj.sme_category_value else "—"

    def has_run_eligibility_permission(self, request):
        return request.user.has_perm("vouchers.change_eligibilityresult")

    def get_urls(self):
        decide = self.admin_site.admin_view(
            lambda request, object_id: decide_eligibility(self, request, object_id)
        )
        return [
            path(
                "<int:object_id>/eligibility-decision/",
                decide,
                name="vouchers_application_eligibility_decision",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("eligibility"))
    def eligibility_decision(self, obj):
        if obj.status not in SCREENING_STATUSES:
            return obj.get_status_display()
        url = reverse("admin:vouchers_application_eligibility_decision", args=[obj.pk])
        return format_html(
            '{} – <a href="{}">{}</a>', obj.get_status_display(), url, _("Decide on eligibility")
        )

    @admin.display(description=_("receipt"))
    def receipt_link(self, obj):
        if not obj.receipt:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("application_receipt", args=[obj.public_id]), obj.reference
        )
