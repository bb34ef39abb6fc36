"""Staff review and confirm the award decisions proposed from the frozen ranking."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from vouchers.models import AwardDecision, Letter
from vouchers.services.awards import award_change, awards_confirm, awards_propose


@admin.action(description=_("Propose the awards from the frozen ranking"))
def propose_awards(modeladmin, request, queryset):
    for call in queryset:
        try:
            counts = awards_propose(call=call, actor=request.user)
        except ValidationError as error:
            modeladmin.message_user(request, f"{call}: {' '.join(error.messages)}", messages.ERROR)
        else:
            modeladmin.message_user(
                request,
                _(
                    "%(call)s: %(awarded)s awarded, %(reserve)s on the reserve list, %(not_selected)s not selected."
                )
                % {"call": call, **counts},
            )


@admin.action(description=_("Confirm the award decisions (vouchers are numbered, within the cap)"))
def confirm_awards(modeladmin, request, queryset):
    for call in queryset:
        try:
            granted = awards_confirm(call=call, actor=request.user)
        except ValidationError as error:
            modeladmin.message_user(request, f"{call}: {' '.join(error.messages)}", messages.ERROR)
        else:
            modeladmin.message_user(
                request, _("%(call)s: %(count)s voucher(s) granted.") % {"call": call, "count": granted}
            )


class DecisionForm(forms.ModelForm):
    class Meta:
        model = AwardDecision
        fields = ("outcome", "justification")


@admin.register(AwardDecision)
class AwardDecisionAdmin(admin.ModelAdmin):
    form = DecisionForm
    list_display = (
        "rank",
        "application",
        "proposed_outcome",
        "outcome",
        "reserve_position",
        "voucher_code",
        "confirmed",
    )
    list_filter = ("call", "outcome", "confirmed")
    search_fields = ("application__reference", "voucher_code")
    list_select_related = ("application",)
    readonly_fields = (
        "call",
        "application",
        "rank",
        "proposed_outcome",
        "reserve_position",
        "voucher_code",
        "amount",
        "confirmed",
        "decided_by",
        "decided_at",
    )
    fields = (*readonly_fields, "outcome", "justification")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.confirmed:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        try:
            award_change(
                decision=AwardDecision.objects.get(pk=obj.pk),
                outcome=form.cleaned_data["outcome"],
                justification=form.cleaned_data["justification"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))


@admin.action(description=_("Render the decision letters (Celery; a letter is never made twice)"))
def render_letters(modeladmin, request, queryset):
    from vouchers.services.submission import _enqueue_letter

    count = 0
    for decision in queryset.filter(confirmed=True):
        _enqueue_letter(decision.application_id)
        count += 1
    modeladmin.message_user(request, _("%(count)s letter(s) queued.") % {"count": count})


AwardDecisionAdmin.actions = [render_letters]


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    """Staff preview every letter before the results are released."""

    list_display = ("application", "kind", "language", "download", "renderings", "rendered_at")
    list_filter = ("kind", "language", "application__call")
    search_fields = ("application__reference",)
    list_select_related = ("application",)
    fields = ("application", "kind", "language", "download", "sha256", "renderings", "rendered_at")
    readonly_fields = fields

    @admin.display(description=_("PDF"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("letter_download", args=[obj.pk]), _("Open"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
