"""Juror pages: the assigned duos, conflict declarations, then the content."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from vouchers.intake.enums import ApplicationStatus
from vouchers.intake.models import Application, Call
from vouchers.jury.forms.consensus import consensus_handle
from vouchers.jury.forms.review import ReviewForm
from vouchers.jury.models import Assignment, Consensus, Criterion, RankingSnapshot, Review
from vouchers.jury.permissions import presides_a_jury
from vouchers.jury.selectors.jurors import (
    application_for_juror,
    conflicts_of_juror,
    deliberation_panel,
    juror_dashboard_groups,
    peer_reviews,
)
from vouchers.jury.selectors.standings import call_ranking
from vouchers.jury.services.assignment import applications_blocked_for, conflict_declare
from vouchers.jury.services.reviews import review_problems, review_save, review_submit
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
    """The juror's applications per call (with the due date and the progress), and
    the conflicts of interest on record for them."""
    return _dashboard(request)


def _dashboard(request, declare_error=None):
    """The dashboard; ``declare_error``: a refused declaration, shown on its own row
    and in the error summary, with the ticks kept (HTTP 400)."""
    groups = juror_dashboard_groups(request.user)
    return render(
        request,
        "vouchers/jury/dashboard.html",
        {
            "groups": groups,
            "to_declare": sum(group.to_declare for group in groups),
            "conflicts": list(conflicts_of_juror(request.user)),
            "presides": presides_a_jury(request.user),
            "declare_error": declare_error,
        },
        status=400 if declare_error else 200,
    )


@juror_required
def jury_declare(request, public_id):
    if request.method != "POST":
        # The address a refused declaration leaves in the bar (a reload, the other
        # language's link): the dashboard, never a bare 405.
        return redirect("jury_dashboard")
    application = application_for_juror(request.user, public_id)
    if application is None:
        raise Http404
    ticked = request.POST.getlist("conflict_with")
    conflict = request.POST.get("answer") == "conflict"

    def refused(message):
        error = {"application": application.pk, "reference": application.reference, "message": message}
        return _dashboard(request, declare_error={**error, "ticked": set(ticked)})

    if conflict and not ticked:
        return refused(_("Tick the company or companies you are linked to."))
    if not conflict and ticked:
        # A ticked company and "No conflict" contradict each other: ask, never guess.
        return refused(
            _("You ticked a company you are linked to. Declare the conflict, or untick it if there is none.")
        )
    numbers = ticked if conflict else []
    try:
        conflict_declare(application=application, juror=request.user, conflicted_numbers=numbers)
    except ValidationError as error:
        return refused(" ".join(error.messages))
    if numbers:
        replaced = (
            Assignment.objects.filter(application=application).count()
            >= application.call.jurors_per_application
        )
        if replaced:
            messages.success(
                request, _("Conflict recorded: this application has been given to another juror.")
            )
        else:
            messages.success(
                request,
                _(
                    "Conflict recorded: this application is no longer yours. No other juror is free for it "
                    "yet: Wallonie Design will appoint one."
                ),
            )
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


@juror_required
def jury_review(request, public_id):
    """The score form: save as draft, submit (then locked); peers only after submitting.
    Closed once the call's ranking is frozen."""
    application = application_for_juror(request.user, public_id)
    if application is None or not application.cleared:
        raise Http404
    criteria = list(Criterion.objects.filter(call=application.call))
    review = (
        Review.objects.filter(application=application, juror=request.user).prefetch_related("scores").first()
    )
    closed = application.call_frozen
    due = application.call.review_due_date
    context = {
        "application": application,
        "review": review,
        "closed": closed,
        # Past the due date the review is still taken until the freeze, and the juror is told.
        "overdue": due if due and due < timezone.localdate() else None,
    }
    if request.method == "POST":
        form = ReviewForm(request.POST, criteria=criteria, review=review, closed=closed)
        if not form.locked:
            saved = None
            if form.is_valid():
                try:
                    saved = review_save(
                        application=application,
                        juror=request.user,
                        answers=form.answers(),
                        overall_comment=form.cleaned_data["overall_comment"],
                    )
                    if "submit" in request.POST:
                        review_submit(review=saved, juror=request.user)
                        messages.success(request, _("Your review has been submitted."))
                    else:
                        messages.success(request, _("Draft saved."))
                    return redirect("jury_review", public_id=public_id)
                except ValidationError as error:
                    form.add_service_error(error)
            if saved is None:
                messages.error(request, _("Nothing was saved: correct the points below."))
            else:
                messages.error(
                    request, _("Your draft is saved, but the review cannot be submitted yet: see below.")
                )
            review = saved or review
            return render(
                request, "vouchers/jury/review.html", {**context, "form": form, "review": review}, status=400
            )
    form = ReviewForm(criteria=criteria, review=review, closed=closed)
    draft = review is not None and review.status == Review.Status.DRAFT
    return render(
        request,
        "vouchers/jury/review.html",
        {
            **context,
            "form": form,
            "problems": review_problems(review) if draft and not closed else [],
            "peers": peer_reviews(application, request.user),
        },
    )


def _president_limits(user):
    """Applications the president may not deliberate on: conflicted ones, and the ones
    assigned to them whose review they have not submitted yet."""

    blocked = set(Application.objects.filter(applications_blocked_for(user)).values_list("pk", flat=True))
    assigned = set(Assignment.objects.filter(juror=user).values_list("application_id", flat=True))
    submitted = set(
        Review.objects.filter(juror=user, status=Review.Status.SUBMITTED).values_list(
            "application_id", flat=True
        )
    )
    return blocked, assigned - submitted


def _presided_calls(user):
    return Call.objects.filter(jury__user=user, jury__is_president=True).order_by("-opens_at")


@juror_required
def jury_deliberation(request):
    """The president's view of the ranking, to record the consensus with the jury."""

    calls = []
    blocked, pending = _president_limits(request.user)
    for call in _presided_calls(request.user):
        rows, _leniency, criteria = call_ranking(call)
        rows = [row for row in rows if row.key not in blocked]
        recorded = set(
            Consensus.objects.filter(application__call=call).values_list("application_id", flat=True)
        )
        for row in rows:
            row.hidden = row.key in pending  # their own review first, then the others' figures
            row.has_consensus = row.key in recorded
            row.missing = max(0, row.assigned - row.reviews)  # reviews the assigned jurors owe
            row.jurors_short = max(0, call.jurors_per_application - row.assigned)  # staff to assign
        rows.sort(key=lambda row: row.hidden)  # a hidden one's place would tell its rank
        calls.append(
            {
                "call": call,
                "rows": rows,
                "criteria": criteria,
                "frozen": RankingSnapshot.objects.filter(call=call).exists(),
                # Ranks would tell where an application not yet reviewed stands: shown once none is hidden.
                "ranked": not any(row.hidden for row in rows),
            }
        )
    if not calls:
        raise PermissionDenied
    calls.sort(key=lambda item: item["frozen"])  # still to deliberate first, as on the dashboard
    return render(request, "vouchers/jury/deliberation.html", {"calls": calls})


@juror_required
def jury_consensus(request, public_id):
    """The president records the consensus of one application, with the reviews the
    ranking counts (scores, comments, totals, mean and spread) beside the form."""

    application = (
        Application.objects.filter(
            public_id=public_id, call__in=_presided_calls(request.user), status=ApplicationStatus.ELIGIBLE
        )
        .select_related("call")
        .first()
    )
    blocked, pending = _president_limits(request.user)
    if application is None or application.pk in blocked or application.pk in pending:
        raise Http404
    panel = deliberation_panel(application)
    saved, form = consensus_handle(request, application, criteria=panel.criteria)
    if saved:
        messages.success(request, _("Consensus recorded."))
        return redirect("jury_deliberation")
    return render(
        request,
        "vouchers/jury/consensus.html",
        {"application": application, "form": form, "panel": panel},
        status=400 if form.errors else 200,
    )
