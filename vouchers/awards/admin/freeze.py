"""Freezing the ranking on a confirmation page that lists what still stands open,
and the reasoned unfreeze (until the award decisions are confirmed)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vouchers.awards.services.unfreeze import ranking_unfreeze, ranking_unfreeze_check
from vouchers.intake.models import Call
from vouchers.jury.models import RankingSnapshot
from vouchers.jury.services.deliberation import (
    freeze_blockers,
    ranking_freeze,
)


class FreezeForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I have checked the ranking: freeze it as it stands."),
        error_messages={"required": gettext_lazy("Tick the box to confirm the freeze.")},
    )


class UnfreezeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for unfreezing"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": gettext_lazy("Give the reason for unfreezing the ranking.")},
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call

    def clean(self):
        cleaned = super().clean()
        if "reason" in cleaned:
            try:
                ranking_unfreeze_check(call=self.call, reason=cleaned["reason"])
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from None
        return cleaned


def _call_for_staff(request, object_id):
    call = get_object_or_404(Call, pk=object_id)
    if not request.user.has_perm("vouchers.change_call"):
        raise PermissionDenied
    return call


def _confirmed_step(model_admin, request, call, *, form, perform, success, template, title, **extra):
    """A page that asks for a confirmation, then runs ``perform(form)``: a refusal of
    the service shows on the form (HTTP 400, nothing typed lost), a success goes
    back to the ranking with ``success``."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                perform(form)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, success)
                return redirect("admin:vouchers_call_ranking", call.pk)
        status = 400
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title % {"call": call},
        "call": call,
        "form": form,
        **extra,
    }
    return render(request, template, context, status=status)


def freeze_view(model_admin, request, object_id):
    """What still blocks the freeze, then the confirmed freeze."""
    call = _call_for_staff(request, object_id)
    if RankingSnapshot.objects.filter(call=call).exists():
        messages.info(request, _("The ranking of this call is already frozen."))
        return redirect("admin:vouchers_call_ranking", call.pk)
    return _confirmed_step(
        model_admin,
        request,
        call,
        form=FreezeForm(request.POST if request.method == "POST" else None),
        perform=lambda form: ranking_freeze(call=call, actor=request.user),
        success=_("The ranking is frozen: propose the awards on the award decisions page."),
        template="admin/vouchers/call/freeze.html",
        title=_("Freeze the ranking – %(call)s"),
        blockers=freeze_blockers(call),
        screening_url=reverse("admin:vouchers_application_changelist")
        + f"?call__id__exact={call.pk}&status__in=submitted,more_info",
    )


def unfreeze_view(model_admin, request, object_id):
    """Unfreeze with a reason, while no award decision is confirmed."""
    call = _call_for_staff(request, object_id)
    snapshot = RankingSnapshot.objects.filter(call=call).select_related("frozen_by").first()
    if snapshot is None:
        messages.info(request, _("The ranking of this call is not frozen."))
        return redirect("admin:vouchers_call_ranking", call.pk)
    refused = None
    try:
        ranking_unfreeze_check(call=call, reason="-")  # anything but the reason: said before typing
    except ValidationError as error:
        refused = " ".join(error.messages)
    return _confirmed_step(
        model_admin,
        request,
        call,
        form=UnfreezeForm(request.POST if request.method == "POST" else None, call=call),
        perform=lambda form: ranking_unfreeze(
            call=call, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        success=_("The ranking is unfrozen: the award proposals made from it are discarded."),
        template="admin/vouchers/call/unfreeze.html",
        title=_("Unfreeze the ranking – %(call)s"),
        snapshot=snapshot,
        refused=refused,
    )
