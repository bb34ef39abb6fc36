"""Staff side of the jury: criteria and members on the call, assignments, conflicts."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from vouchers.jury.ranking import tie_break_unknown
from vouchers.models import Assignment, CompanyConflict, Criterion, JuryMember, Review, Score
from vouchers.services.jury import assignment_add_manual, assignment_run, conflict_record_by_staff
from vouchers.services.reviews import review_reopen


class CriterionFormSet(BaseInlineFormSet):
    """The call's tie-break criterion must be one of its criteria, as they stand
    after this save (the call's own form and its criteria are saved together)."""

    def clean(self):
        super().clean()
        tie_break = self.instance.tie_break_criterion
        if not tie_break:
            return
        submitted = {form.instance.pk for form in self.forms if form.instance.pk}
        codes = set()
        if self.instance.pk:
            codes = {
                criterion.code
                for criterion in Criterion.objects.filter(call=self.instance)
                if criterion.pk not in submitted
            }
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            code = getattr(form, "cleaned_data", {}).get("code") or form.instance.code
            if code:
                codes.add(code)
        if tie_break_unknown(tie_break, codes):
            raise ValidationError(
                _(
                    "The tie-break criterion “%(code)s” is not one of this call’s criteria "
                    "(%(codes)s): use one of their codes, or leave it empty."
                ),
                params={"code": tie_break, "codes": ", ".join(sorted(codes))},
                code="tie_break_unknown",
            )


class CriterionInline(admin.StackedInline):
    """Criteria are fixed once a review is submitted: changing them would drop scores."""

    model = Criterion
    formset = CriterionFormSet
    extra = 0

    def _locked(self, call):
        return (
            call is not None
            and call.pk
            and Review.objects.filter(application__call=call, status="submitted").exists()
        )

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)

    fields = (
        ("code", "position"),
        ("label_fr", "label_en"),
        ("guidance_fr", "guidance_en"),
        ("weight", "scale_max", "minimum"),
    )


class JuryMemberInline(admin.TabularInline):
    model = JuryMember
    extra = 0
    autocomplete_fields = ("user",)


@admin.action(description=_("Assign jurors to the eligible applications (balanced, without conflicts)"))
def assign_jurors(modeladmin, request, queryset):
    for call in queryset:
        plan = assignment_run(call=call, actor=request.user)
        if plan.shortfalls:
            modeladmin.message_user(
                request,
                _("%(call)s: %(count)d application(s) lack jurors (too many conflicts or too small a jury).")
                % {"call": call, "count": len(plan.shortfalls)},
                messages.WARNING,
            )
        else:
            modeladmin.message_user(
                request, _("%(call)s: every eligible application has its jurors.") % {"call": call}
            )


class ManualAssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ("application", "juror")


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    """Staff adjust the plan: add a juror by hand (kept by later runs) or remove one."""

    form = ManualAssignmentForm
    list_display = ("application", "juror", "manual", "assigned_at")
    list_filter = ("manual", "application__call")
    search_fields = ("application__reference", "juror__email")
    list_select_related = ("application", "juror")
    autocomplete_fields = ("juror",)
    raw_id_fields = ("application",)

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        try:
            assignment_add_manual(application=obj.application, juror=obj.juror, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))


class StaffConflictForm(forms.ModelForm):
    class Meta:
        model = CompanyConflict
        fields = ("juror", "enterprise_number", "note")


@admin.register(CompanyConflict)
class CompanyConflictAdmin(admin.ModelAdmin):
    form = StaffConflictForm
    list_display = ("juror", "enterprise_number", "source", "recorded_by", "recorded_at")
    list_filter = ("source",)
    search_fields = ("juror__email", "enterprise_number")
    list_select_related = ("juror", "recorded_by")
    autocomplete_fields = ("juror",)

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        conflict_record_by_staff(
            juror=obj.juror, enterprise_number=obj.enterprise_number, actor=request.user, note=obj.note
        )


class ScoreInline(admin.TabularInline):
    model = Score
    fields = ("criterion", "value", "comment", "justification")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.action(description=_("Reopen the selected submitted reviews (the juror can change them again)"))
def reopen_reviews(modeladmin, request, queryset):
    count = 0
    for review in queryset.filter(status=Review.Status.SUBMITTED):
        try:
            review_reopen(review=review, actor=request.user, reason=_("Reopened by staff from the admin."))
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        count += 1
    modeladmin.message_user(request, _("%(count)d review(s) reopened.") % {"count": count}, messages.SUCCESS)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Staff follow reviews; they never edit scores, but may reopen a submitted review."""

    list_display = ("application", "juror", "status", "submitted_at")
    list_filter = ("status", "application__call")
    search_fields = ("application__reference", "juror__email")
    list_select_related = ("application", "juror")
    fields = ("application", "juror", "status", "overall_comment", "submitted_at")
    readonly_fields = fields
    inlines = [ScoreInline]
    actions = [reopen_reviews]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
