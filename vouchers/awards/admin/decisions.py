"""Staff review and confirm the award decisions proposed from the frozen ranking."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from vouchers.awards.models import AwardDecision, Letter
from vouchers.awards.services.decisions import (
    award_change,
    award_change_check,
    awards_confirm,
    awards_propose,
)
from vouchers.common.correspondence import letter_enqueue
from vouchers.intake.models import Call
from vouchers.jury.models import RankingSnapshot


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

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "outcome" in cleaned:
            # The writer's own checks: a refused change is a form error, never "saved".
            try:
                award_change_check(
                    decision=AwardDecision.objects.get(pk=self.instance.pk),
                    outcome=cleaned.get("outcome"),
                    justification=cleaned.get("justification"),
                )
            except ValidationError as error:
                field = "justification" if error.code == "justification_required" else None
                self.add_error(field, error.messages)
        return cleaned

    def _post_clean(self):
        # The model's constraints name database codes; the writer's checks above say it in words.
        pass


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

    def response_change(self, request, obj):
        # Back to the call's decisions, where the next one is changed or all confirmed.

        obj.refresh_from_db()
        if "_continue" in request.POST:
            return super().response_change(request, obj)
        self.message_user(request, _("Decision changed: %(decision)s.") % {"decision": obj}, messages.SUCCESS)
        return redirect("admin:vouchers_call_awards", obj.call_id)

    def save_model(self, request, obj, form, change):
        award_change(
            decision=AwardDecision.objects.get(pk=obj.pk),
            outcome=form.cleaned_data["outcome"],
            justification=form.cleaned_data["justification"],
            actor=request.user,
        )


@admin.action(description=_("Render the decision letters (in the background; a letter is never made twice)"))
def render_letters(modeladmin, request, queryset):
    count = 0
    for decision in queryset.filter(confirmed=True):
        letter_enqueue(decision.application_id)
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
        return format_html(
            '<a href="{}">{}</a>', reverse("letter_download", args=[obj.pk]), _("Download the PDF")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ConfirmAwardsForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I have checked every decision: confirm them (vouchers are numbered; this cannot be undone)."
        ),
        error_messages={"required": _("Tick the box to confirm the decisions.")},
    )


def awards_view(model_admin, request, object_id):
    """The award decisions of one call: propose, review and change, confirm, render letters."""

    call = get_object_or_404(Call, pk=object_id)
    if not request.user.has_perm("vouchers.view_awarddecision"):
        raise PermissionDenied
    confirm_form = ConfirmAwardsForm(request.POST if request.POST.get("step") == "confirm" else None)
    if request.method == "POST":
        if not request.user.has_perm("vouchers.change_awarddecision"):
            raise PermissionDenied
        step = request.POST.get("step")
        try:
            if step == "propose":
                counts = awards_propose(call=call, actor=request.user)
                messages.success(
                    request,
                    _("%(awarded)s awarded, %(reserve)s on the reserve list, %(not_selected)s not selected.")
                    % counts,
                )
            elif step == "confirm" and confirm_form.is_valid():
                granted = awards_confirm(call=call, actor=request.user)
                messages.success(
                    request, _("Decisions confirmed: %(count)s voucher(s) granted.") % {"count": granted}
                )
            elif step == "letters":
                decisions = AwardDecision.objects.filter(call=call, confirmed=True)
                for decision in decisions:
                    letter_enqueue(decision.application_id)
                messages.success(request, _("%(count)s letter(s) queued.") % {"count": decisions.count()})
            if step != "confirm" or confirm_form.is_valid():
                return redirect("admin:vouchers_call_awards", call.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("admin:vouchers_call_awards", call.pk)
    decisions = list(AwardDecision.objects.filter(call=call).select_related("application").order_by("rank"))
    letters = set(Letter.objects.filter(application__call=call).values_list("application_id", "kind"))
    snapshot = RankingSnapshot.objects.filter(call=call).first()
    finals = {row["application"]: row["final"] for row in snapshot.rows["rows"]} if snapshot else {}
    for decision in decisions:
        decision.final_score = finals.get(decision.application_id)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Award decisions – %(call)s") % {"call": call},
        "call": call,
        "frozen": snapshot is not None,
        "threshold": snapshot.rows.get("threshold") if snapshot else None,
        "decisions": decisions,
        "confirmed": bool(decisions) and all(decision.confirmed for decision in decisions),
        "letters": {application_id for application_id, _kind in letters},
        "confirm_form": confirm_form,
    }
    return render(
        request, "admin/vouchers/call/awards.html", context, status=400 if confirm_form.errors else 200
    )
