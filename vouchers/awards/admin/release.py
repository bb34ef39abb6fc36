"""The results release in the admin: every message and letter previewed, then sent."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from vouchers.awards.services.release import release_preview, results_release
from vouchers.intake.models import Call


def release_view(model_admin, request, object_id):
    """Preview every message and letter, then release the results."""
    call = get_object_or_404(Call, pk=object_id)
    if not request.user.has_perm("vouchers.change_call"):
        raise PermissionDenied
    if request.method == "POST":
        try:
            count = results_release(call=call, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Results released: %(count)s message(s) queued.") % {"count": count})
        return redirect("admin:vouchers_call_release", call.pk)
    try:
        preview, problems = release_preview(call), []
    except ValidationError as error:
        preview, problems = [], error.messages
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Results release – %(call)s") % {"call": call},
        "call": call,
        "preview": preview,
        "problems": problems,
    }
    return render(request, "admin/vouchers/call/release.html", context)
