"""Juror pages: the assigned duos, conflict declarations, then the content."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vouchers.selectors.jury import application_for_juror, applications_for_juror
from vouchers.services.jury import conflict_declare
from wecd_portal.accounts.roles import JUROR, user_roles


def juror_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if JUROR not in user_roles(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@juror_required
def jury_dashboard(request):
    applications = list(applications_for_juror(request.user))
    return render(
        request,
        "vouchers/jury/dashboard.html",
        {
            "applications": applications,
            "to_declare": sum(not application.cleared for application in applications),
        },
    )


@juror_required
@require_POST
def jury_declare(request, public_id):
    application = application_for_juror(request.user, public_id)
    if application is None:
        raise Http404
    numbers = request.POST.getlist("conflict_with") if request.POST.get("answer") == "conflict" else []
    if request.POST.get("answer") == "conflict" and not numbers:
        messages.error(request, _("Tick the company or companies you are linked to."))
        return redirect("jury_dashboard")
    try:
        conflict_declare(application=application, juror=request.user, conflicted_numbers=numbers)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("jury_dashboard")
    if numbers:
        messages.success(request, _("Conflict recorded: this application has been given to another juror."))
        return redirect("jury_dashboard")
    messages.success(request, _("No conflict declared: you may now read the application."))
    return redirect("jury_application", public_id=public_id)


@juror_required
def jury_application(request, public_id):
    """The content, read-only, only once the juror declared no conflict."""
    application = application_for_juror(request.user, public_id)
    if application is None or not application.cleared:
        raise Http404
    return render(
        request,
        "vouchers/jury/application.html",
        {
            "application": application,
            "parties": application.parties.all(),
            "indicators": application.indicators.all(),
            "tasks": application.tasks.all(),
            "aids": application.de_minimis_aids.all(),
            "attachments": application.attachments.all(),
            "link_attachments": True,
        },
    )
