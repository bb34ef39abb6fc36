"""Staff follow vouchers after acceptance: read the report and the claim, return, verify,
mark paid, close, cancel or extend; and the call's voucher dashboard."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vouchers.follow_up.enums import VOUCHER_TRANSITIONS, VoucherStage
from vouchers.follow_up.forms import CancelForm, ExtendForm, PaidForm, ReturnForm
from vouchers.follow_up.models import VoucherFollowUp
from vouchers.follow_up.selectors import voucher_dashboard
from vouchers.follow_up.services.drafts import follow_up_problems
from vouchers.follow_up.services.stage import (
    follow_up_cancel,
    follow_up_close,
    follow_up_extend,
    follow_up_mark_paid,
    follow_up_return,
    follow_up_verify,
)
from vouchers.intake.models import Call
from wecd_portal.core.admin_mixins import ReadOnlyAdminMixin
from wecd_portal.core.templatetags.portal import format_money

# action name -> (form class or None, service call, success message)
ACTIONS = {
    "return": (
        ReturnForm,
        lambda follow_up, actor, data: follow_up_return(follow_up=follow_up, actor=actor, note=data["note"]),
        gettext_lazy("Returned to the applicant for corrections."),
    ),
    "verify": (
        None,
        lambda follow_up, actor, data: follow_up_verify(follow_up=follow_up, actor=actor),
        gettext_lazy("Verified: the amount payable is fixed."),
    ),
    "paid": (
        PaidForm,
        lambda follow_up, actor, data: follow_up_mark_paid(
            follow_up=follow_up, actor=actor, paid_on=data["paid_on"], amount=data["amount"]
        ),
        gettext_lazy("The payment is recorded."),
    ),
    "close": (
        None,
        lambda follow_up, actor, data: follow_up_close(follow_up=follow_up, actor=actor),
        gettext_lazy("The voucher is closed."),
    ),
    "cancel": (
        CancelForm,
        lambda follow_up, actor, data: follow_up_cancel(
            follow_up=follow_up, actor=actor, reason=data["reason"]
        ),
        gettext_lazy("The voucher is cancelled."),
    ),
    "extend": (
        ExtendForm,
        lambda follow_up, actor, data: follow_up_extend(
            follow_up=follow_up, actor=actor, ends_on=data["ends_on"], reason=data["reason"]
        ),
        gettext_lazy("The execution period is changed."),
    ),
}
# Which action each stage offers (the services check again).
STAGE_FOR_ACTION = {
    "return": VoucherStage.RETURNED,
    "verify": VoucherStage.VERIFIED,
    "paid": VoucherStage.PAID,
    "close": VoucherStage.CLOSED,
    "cancel": VoucherStage.CANCELLED,
}


def available_actions(follow_up):
    allowed = VOUCHER_TRANSITIONS[follow_up.stage]
    names = [name for name, stage in STAGE_FOR_ACTION.items() if stage in allowed]
    if follow_up.stage in (VoucherStage.IN_PROGRESS, VoucherStage.RETURNED):
        names.append("extend")
    return names


@admin.register(VoucherFollowUp)
class VoucherFollowUpAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "voucher",
        "reference",
        "stage",
        "execution_ends_on",
        "report_due_on",
        "payable",
        "paid_on",
    )
    list_filter = ("decision__call", "stage")
    search_fields = ("decision__voucher_code", "decision__application__reference")
    list_select_related = ("decision__application",)

    @admin.display(description=gettext_lazy("voucher"), ordering="decision__voucher_number")
    def voucher(self, obj):
        return obj.decision.voucher_code

    @admin.display(description=gettext_lazy("application"))
    def reference(self, obj):
        return obj.decision.application.reference

    @admin.display(description=gettext_lazy("amount payable"))
    def payable(self, obj):
        return format_money(obj.payable_amount) if obj.payable_amount is not None else "—"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        follow_up = get_object_or_404(
            VoucherFollowUp.objects.select_related(
                "decision__application__call", "decision__call", "report", "claim", "verified_by"
            ).prefetch_related("files", "report__results__indicator"),
            pk=object_id,
        )
        if not self.has_view_permission(request, follow_up):
            raise PermissionDenied
        forms = {
            name: form_class(prefix=name) for name, (form_class, _s, _m) in ACTIONS.items() if form_class
        }
        status = 200
        if request.method == "POST":
            if not request.user.has_perm("vouchers.change_voucherfollowup"):
                raise PermissionDenied
            name = request.POST.get("action")
            if name not in ACTIONS:
                raise PermissionDenied
            form_class, service, success = ACTIONS[name]
            form = form_class(request.POST, prefix=name) if form_class else None
            if form is None or form.is_valid():
                try:
                    service(follow_up, request.user, form.cleaned_data if form else {})
                except ValidationError as error:
                    if form is None:
                        messages.error(request, " ".join(error.messages))
                    else:
                        form.add_error(None, error)
                else:
                    messages.success(request, str(success))
                    return redirect("admin:vouchers_voucherfollowup_change", follow_up.pk)
            if form is not None:
                forms[name] = form
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Voucher %(code)s") % {"code": follow_up.decision.voucher_code},
            "follow_up": follow_up,
            "application": follow_up.decision.application,
            "files": list(follow_up.files.all()),
            "problems": follow_up_problems(follow_up),
            "actions": [(name, forms.get(name)) for name in available_actions(follow_up)]
            if request.user.has_perm("vouchers.change_voucherfollowup")
            else [],
        }
        return TemplateResponse(request, "admin/vouchers/voucherfollowup/manage.html", context, status=status)


def dashboard_view(model_admin, request, object_id):
    """Budget committed, paid and remaining; vouchers by stage; late reports."""
    call = get_object_or_404(Call, pk=object_id)
    if not request.user.has_perm("vouchers.view_voucherfollowup"):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Vouchers – %(call)s") % {"call": call},
        "call": call,
        "dashboard": voucher_dashboard(call),
    }
    return render(request, "admin/vouchers/call/vouchers.html", context)
