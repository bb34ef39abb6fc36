"""The staff eligibility checklist: results per rule, verdicts with justification,
bulk re-runs, filters by eligibility state and by failing rule."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vouchers.eligibility.registry import Outcome, all_rules
from vouchers.models import EligibilityResult
from vouchers.services.eligibility import eligibility_run, eligibility_verdict_record

FINAL_FAIL = Q(verdict="fail") | Q(verdict="", outcome=Outcome.FAIL)
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
        ]

    def queryset(self, request, queryset):
        results = EligibilityResult.objects.filter(application=OuterRef("pk"))
        value = self.value()
        if value == "not_run":
            return queryset.filter(status="submitted").exclude(Exists(results))
        if value == "unresolved":
            return queryset.filter(Exists(results.filter(UNRESOLVED)))
        if value == "failing":
            return queryset.filter(Exists(results.filter(FINAL_FAIL)))
        if value == "clear":
            return queryset.filter(Exists(results)).exclude(Exists(results.filter(FINAL_FAIL | UNRESOLVED)))
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


@admin.action(description=_("Run the eligibility rules on the selected submitted applications"))
def run_eligibility_rules(modeladmin, request, queryset):
    count = 0
    for application in queryset.filter(status="submitted"):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].required = True
        self.fields["verdict_justification"].required = True


@admin.register(EligibilityResult)
class EligibilityResultAdmin(admin.ModelAdmin):
    """One rule of one application: staff record a verdict with its justification."""

    form = VerdictForm
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

    def save_model(self, request, obj, form, change):
        try:
            eligibility_verdict_record(
                result=obj,
                actor=request.user,
                verdict=form.cleaned_data["verdict"],
                justification=form.cleaned_data["verdict_justification"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
