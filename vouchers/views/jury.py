"""Juror pages: the assigned duos, conflict declarations, then the content."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vouchers.models import Criterion, Review
from vouchers.selectors.jury import application_for_juror, applications_for_juror, peer_reviews
from vouchers.services.jury import conflict_declare
from vouchers.services.reviews import review_problems, review_save, review_submit
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
            "submitted": sum(application.review_status == "submitted" for application in applications),
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


@juror_required
def jury_review(request, public_id):
    """The score form: save as draft, submit (then locked); peers only after submitting."""
    application = application_for_juror(request.user, public_id)
    if application is None or not application.cleared:
        raise Http404
    criteria = list(Criterion.objects.filter(call=application.call))
    review = (
        Review.objects.filter(application=application, juror=request.user).prefetch_related("scores").first()
    )
    scores = {score.criterion_id: score for score in review.scores.all()} if review else {}
    posted = request.method == "POST"
    if posted and not (review and review.status == Review.Status.SUBMITTED):
        answers = {
            criterion.pk: (
                request.POST.get(f"score_{criterion.pk}", ""),
                request.POST.get(f"comment_{criterion.pk}", ""),
                request.POST.get(f"justification_{criterion.pk}", ""),
            )
            for criterion in criteria
        }
        try:
            review = review_save(
                application=application,
                juror=request.user,
                answers=answers,
                overall_comment=request.POST.get("overall_comment", ""),
            )
            if "submit" in request.POST:
                review_submit(review=review, juror=request.user)
                messages.success(request, _("Your review has been submitted."))
            else:
                messages.success(request, _("Draft saved."))
            return redirect("jury_review", public_id=public_id)
        except ValidationError as error:
            messages.error(request, _("The review was not saved as submitted: see below."))
            return render(
                request,
                "vouchers/jury/review.html",
                {
                    "application": application,
                    "rows": _rows(criteria, scores, request.POST),
                    "review": review,
                    "errors": error.messages,
                    "overall_comment": request.POST.get("overall_comment", ""),
                },
                status=400,
            )
    return render(
        request,
        "vouchers/jury/review.html",
        {
            "application": application,
            "rows": _rows(criteria, scores, None),
            "review": review,
            "errors": review_problems(review) if review and review.status == Review.Status.DRAFT else [],
            "overall_comment": review.overall_comment if review else "",
            "peers": peer_reviews(application, request.user),
            "criteria": criteria,
        },
    )


def _rows(criteria, scores, data):
    """What the form shows per criterion: typed values on error, stored ones otherwise."""
    rows = []
    for criterion in criteria:
        stored = scores.get(criterion.pk)
        if data is not None:
            value = data.get(f"score_{criterion.pk}", "")
            comment = data.get(f"comment_{criterion.pk}", "")
            justification = data.get(f"justification_{criterion.pk}", "")
        else:
            value = "" if stored is None or stored.value is None else stored.value.normalize()
            comment = stored.comment if stored else ""
            justification = stored.justification if stored else ""
        rows.append(
            {"criterion": criterion, "value": value, "comment": comment, "justification": justification}
        )
    return rows


def _president_limits(user):
    """Applications the president may not deliberate on: conflicted ones, and the ones
    assigned to them whose review they have not submitted yet."""
    from vouchers.models import Application, Assignment, Review
    from vouchers.services.jury import applications_blocked_for

    blocked = set(Application.objects.filter(applications_blocked_for(user)).values_list("pk", flat=True))
    assigned = set(Assignment.objects.filter(juror=user).values_list("application_id", flat=True))
    submitted = set(
        Review.objects.filter(juror=user, status=Review.Status.SUBMITTED).values_list(
            "application_id", flat=True
        )
    )
    return blocked, assigned - submitted


def _presided_calls(user):
    from vouchers.models import Call

    return Call.objects.filter(jury__user=user, jury__is_president=True).order_by("-opens_at")


@juror_required
def jury_deliberation(request):
    """The president's view of the ranking, to record the consensus with the jury."""
    from vouchers.models import RankingSnapshot
    from vouchers.selectors.ranking import call_ranking

    calls = []
    blocked, pending = _president_limits(request.user)
    for call in _presided_calls(request.user):
        rows, _leniency, criteria = call_ranking(call)
        rows = [row for row in rows if row.key not in blocked]
        for row in rows:
            row.hidden = row.key in pending  # their own review first, then the others' figures
        calls.append(
            {
                "call": call,
                "rows": rows,
                "criteria": criteria,
                "frozen": RankingSnapshot.objects.filter(call=call).exists(),
            }
        )
    if not calls:
        raise PermissionDenied
    return render(request, "vouchers/jury/deliberation.html", {"calls": calls})


@juror_required
def jury_consensus(request, public_id):
    """The president records the consensus of one application."""
    from vouchers.forms.consensus import consensus_form
    from vouchers.models import Application

    application = (
        Application.objects.filter(
            public_id=public_id, call__in=_presided_calls(request.user), status="eligible"
        )
        .select_related("call")
        .first()
    )
    blocked, pending = _president_limits(request.user)
    if application is None or application.pk in blocked or application.pk in pending:
        raise Http404
    saved, form = consensus_form(request, application)
    if saved:
        messages.success(request, _("Consensus recorded."))
        return redirect("jury_deliberation")
    return render(request, "vouchers/jury/consensus.html", form, status=400 if form["errors"] else 200)
