"""Staff side of the jury: criteria and members on the call, assignments, conflicts."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vouchers.common.permissions import is_portal_staff
from vouchers.common.validators import format_enterprise_number, normalize_enterprise_number
from vouchers.jury.models import Assignment, CompanyConflict, Criterion, JuryMember, Review, Score
from vouchers.jury.ranking import tie_break_unknown
from vouchers.jury.selectors.jurors import with_company_names
from vouchers.jury.services.assignment import (
    assignment_add_manual,
    assignment_check,
    assignment_run,
    conflict_record_by_staff,
    conflict_record_check,
    conflict_withdraw,
    conflict_withdraw_check,
)
from vouchers.jury.services.reviews import review_reopen


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
            and Review.objects.filter(application__call=call, status=Review.Status.SUBMITTED).exists()
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
        try:
            plan = assignment_run(call=call, actor=request.user)
        except ValidationError as error:
            modeladmin.message_user(
                request,
                _("%(call)s: %(problem)s") % {"call": call, "problem": " ".join(error.messages)},
                messages.ERROR,
            )
            continue
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
    """A refused assignment shows here, on the form: nothing is saved, no success."""

    class Meta:
        model = Assignment
        fields = ("application", "juror")

    def clean(self):
        data = super().clean()
        application, juror = data.get("application"), data.get("juror")
        if application is not None and juror is not None:
            assignment_check(application=application, juror=juror)
        return data


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
        # The form's clean() ran assignment_check: the service refuses only a race.
        assignment = assignment_add_manual(application=obj.application, juror=obj.juror, actor=request.user)
        obj.pk, obj.manual, obj.assigned_at = assignment.pk, assignment.manual, assignment.assigned_at


class StaffConflictForm(forms.ModelForm):
    """Staff record a juror's link to a company; a refusal shows on the form, once.
    The number is typed as it is printed (``0800.100.639``, ``BE 0800 100 639``)."""

    enterprise_number = forms.CharField(
        label=_("Enterprise number"),
        max_length=20,
        help_text=_("As printed, with or without dots or BE: 0123.456.749."),
    )

    class Meta:
        model = CompanyConflict
        fields = ("juror", "enterprise_number", "note")

    def clean_enterprise_number(self):
        return normalize_enterprise_number(self.cleaned_data["enterprise_number"])

    def clean(self):
        data = super().clean()
        juror, number = data.get("juror"), data.get("enterprise_number")
        if juror is not None and number:
            data["enterprise_number"] = conflict_record_check(juror=juror, enterprise_number=number)
        return data


class ConflictWithdrawalForm(forms.ModelForm):
    """The only change to a conflict in force: its withdrawal, with a reason."""

    actor = None  # set per request by CompanyConflictAdmin.get_form

    class Meta:
        model = CompanyConflict
        fields = ("withdrawal_reason",)
        labels = {"withdrawal_reason": _("Reason for withdrawing this conflict")}
        help_texts = {
            "withdrawal_reason": _(
                "The conflict is kept, marked as withdrawn: the juror is no longer conflicted "
                "with this company."
            )
        }
        widgets = {"withdrawal_reason": forms.Textarea(attrs={"rows": 3, "cols": 80})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "withdrawal_reason" in self.fields:  # absent once withdrawn (read-only page)
            self.fields["withdrawal_reason"].required = False  # the check says why, in its words

    def clean(self):
        data = super().clean()
        conflict_withdraw_check(
            conflict=self.instance, actor=self.actor, reason=data.get("withdrawal_reason", "")
        )
        return data

    def _post_clean(self):
        # The instance is written by conflict_withdraw, never by the form.
        pass


@admin.register(CompanyConflict)
class CompanyConflictAdmin(admin.ModelAdmin):
    """Conflicts are never deleted: staff record one, or withdraw one with a reason
    (the only change); a withdrawn conflict is read-only."""

    form = StaffConflictForm
    list_display = (
        "juror",
        "company",
        "number",
        "source",
        "recorded_by",
        "recorded_at",
        "withdrawn_at",
    )
    list_filter = ("source", ("withdrawn_at", admin.EmptyFieldListFilter))
    search_fields = ("juror__email", "juror__last_name", "enterprise_number")
    list_select_related = ("juror", "recorded_by")
    autocomplete_fields = ("juror",)
    readonly_details = (
        "juror",
        "company",
        "number",
        "source",
        "note",
        "recorded_by",
        "recorded_at",
    )
    withdrawal_details = ("withdrawn_at", "withdrawn_by", "withdrawal_reason")

    def get_queryset(self, request):
        return with_company_names(super().get_queryset(request))

    @admin.display(description=_("company"), ordering="company_name")
    def company(self, obj):
        return getattr(obj, "company_name", None) or "–"

    @admin.display(description=_("enterprise number"), ordering="enterprise_number")
    def number(self, obj):
        return format_enterprise_number(obj.enterprise_number)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request, obj)
        # Withdrawing a conflict in force is the only change, for Wallonie Design staff.
        return obj.withdrawn_at is None and is_portal_staff(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("juror", "enterprise_number", "note")
        if obj.withdrawn_at is None and self.has_change_permission(request, obj):
            return (*self.readonly_details, "withdrawal_reason")
        return (*self.readonly_details, *self.withdrawal_details)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if obj.withdrawn_at is None and self.has_change_permission(request, obj):
            return self.readonly_details
        return (*self.readonly_details, *self.withdrawal_details)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            return super().get_form(request, obj, change=change, **kwargs)
        kwargs["form"] = ConflictWithdrawalForm
        kwargs["fields"] = ("withdrawal_reason",) if obj.withdrawn_at is None else ()
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def save_model(self, request, obj, form, change):
        if change:
            conflict_withdraw(conflict=obj, actor=request.user, reason=form.cleaned_data["withdrawal_reason"])
            return
        conflict = conflict_record_by_staff(
            juror=obj.juror, enterprise_number=obj.enterprise_number, actor=request.user, note=obj.note
        )
        obj.pk, obj.source, obj.recorded_by, obj.recorded_at = (
            conflict.pk,
            conflict.source,
            conflict.recorded_by,
            conflict.recorded_at,
        )
        if conflict.released_references:
            messages.warning(
                request,
                _(
                    "This conflict took these applications from the juror: %(references)s. Another "
                    "free juror was assigned where there was one; the freeze page lists any still short."
                )
                % {"references": ", ".join(conflict.released_references)},
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # One thing to do on a conflict in force: withdraw it (and go back to the list).
        extra_context = {
            **(extra_context or {}),
            "show_save_and_add_another": False,
            "show_save_and_continue": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        company = with_company_names(CompanyConflict.objects.filter(pk=obj.pk)).values_list(
            "company_name", flat=True
        )
        label = f"{obj.juror} ↔ {company.first() or '–'} ({format_enterprise_number(obj.enterprise_number)})"
        self.message_user(
            request,
            _("The conflict of interest “%(conflict)s” is withdrawn.") % {"conflict": label},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:vouchers_companyconflict_changelist"))

    def construct_change_message(self, request, form, formsets, add=False):
        if add:
            return super().construct_change_message(request, form, formsets, add)
        return [{"changed": {"fields": ["withdrawn_at", "withdrawn_by", "withdrawal_reason"]}}]


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
