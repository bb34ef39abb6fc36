"""The clusters staff pages: dashboard, actions (list, calendar, detail), organisations,
needs and leads, with their exports. Staff and cluster liaisons only; editing is in
the admin."""

import calendar
import datetime as dt
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from vouchers.common.enums import ScanStatus
from vouchers.common.files import private_file_response
from vouchers.models import Application

from . import exports
from .charts import bar_chart
from .enums import ActionStatus
from .filters import ActionFilter, LeadFilter, NeedFilter, PeriodForm
from .models import ActionFile, AwarenessAction, Lead, NeedAssessment, NeedItem, Organisation
from .selectors import Followed, application_claims, awarded_application_ids, dashboard, followed_by

PAGE_SIZE = 50


def clusters_page(view):
    """Logged in (else the login page), and staff or cluster liaison (else 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("clusters.use_pages"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _export_or_none(request, resource, queryset, name):
    fmt = request.GET.get("export")
    if fmt is None:
        return None
    if fmt not in exports.FORMATS:
        raise Http404
    return exports.export_response(resource, queryset, name=name, fmt=fmt)


def _followed(key):
    return followed_by(application_claims(), awarded_application_ids(), key=key)


@clusters_page
def dashboard_view(request):
    form = PeriodForm(request.GET or None)
    period = (None, None)
    if form.is_valid():
        period = (form.cleaned_data["date_from"], form.cleaned_data["date_to"])
    figures = dashboard(period)
    charts = [
        ("quarters", bar_chart(_("Actions held per quarter"), figures.held_by_quarter)),
        (
            "reached",
            bar_chart(_("People reached, by type"), [(kind.label, n) for kind, n in figures.reached]),
        ),
        (
            "needs",
            bar_chart(
                _("Member companies concerned, by need category"),
                [(category.label, companies) for category, _items, companies in figures.needs],
            ),
        ),
        ("funnel", bar_chart(_("Lead funnel"), [(label, count) for _key, label, count in figures.funnel])),
    ]
    return render(
        request,
        "clusters/dashboard.html",
        {"form": form, "figures": figures, "charts": charts, "section": "dashboard"},
        status=200 if form.is_valid() or not form.is_bound else 400,
    )


def _actions(request):
    queryset = AwarenessAction.objects.prefetch_related("organisations").order_by("-starts_at", "-pk")
    return ActionFilter(request.GET or None, queryset=queryset)


@clusters_page
def action_list(request):
    action_filter = _actions(request)
    export = _export_or_none(request, exports.ActionResource(), action_filter.qs, "actions")
    if export is not None:
        return export
    page = Paginator(action_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    followed = _followed("action_id")
    rows = [(action, followed.get(action.pk, Followed(0, 0))) for action in page]
    return render(
        request,
        "clusters/action_list.html",
        {"filter": action_filter, "page": page, "rows": rows, "section": "actions", "query": _query(request)},
    )


def _query(request):
    """The current filters as a query string, without the page and the export."""
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    return params.urlencode()


@clusters_page
def action_calendar(request):
    today = timezone.localdate()
    try:
        first = dt.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        first = today.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    params = request.GET.copy()
    for name in ("month", "date_from", "date_to"):
        params.pop(name, None)
    action_filter = ActionFilter(params or None, queryset=AwarenessAction.objects.order_by("starts_at"))
    actions = action_filter.qs.filter(starts_at__date__gte=first, starts_at__date__lte=last)
    by_day = {}
    for action in actions:
        by_day.setdefault(timezone.localtime(action.starts_at).date(), []).append(action)
    weeks = [
        [(day, day.month == first.month, by_day.get(day, [])) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = last + dt.timedelta(days=1)
    return render(
        request,
        "clusters/action_calendar.html",
        {
            "filter": action_filter,
            "month": first,
            "weeks": weeks,
            "previous": previous.strftime("%Y-%m"),
            "following": following.strftime("%Y-%m"),
            "weekdays": [day for day in weeks[0]],
            "section": "calendar",
            "query": params.urlencode(),
        },
    )


@clusters_page
def action_detail(request, pk):
    action = get_object_or_404(
        AwarenessAction.objects.prefetch_related(
            "organisations", "creative_businesses", "attendees", "files", "leads__organisation"
        ),
        pk=pk,
    )
    claims = application_claims(action=action)
    return render(
        request,
        "clusters/action_detail.html",
        {
            "action": action,
            "followed": _applications_followed(request, {claim.application_id for claim in claims}),
            "section": "actions",
        },
    )


def _applications_followed(request, application_ids):
    """(count, awards, rows): rows only for staff, who may open applications."""
    awarded = awarded_application_ids()
    rows = []
    if request.user.has_perm("vouchers.view_application"):
        rows = [
            (application, application.pk in awarded)
            for application in Application.objects.filter(pk__in=application_ids).order_by("reference")
        ]
    return {"count": len(application_ids), "awards": len(application_ids & awarded), "rows": rows}


@clusters_page
def organisation_list(request):
    organisations = Organisation.objects.annotate(
        held=Count("actions", filter=Q(actions__status=ActionStatus.HELD), distinct=True),
        assessments=Count("need_assessments", distinct=True),
        lead_count=Count("leads", distinct=True),
    ).order_by("kind", "name")
    followed = _followed("organisation_id")
    rows = [(organisation, followed.get(organisation.pk, Followed(0, 0))) for organisation in organisations]
    return render(request, "clusters/organisation_list.html", {"rows": rows, "section": "organisations"})


@clusters_page
def organisation_detail(request, pk):
    organisation = get_object_or_404(
        Organisation.objects.prefetch_related(
            Prefetch("actions", queryset=AwarenessAction.objects.order_by("-starts_at")),
            Prefetch("need_assessments", queryset=NeedAssessment.objects.prefetch_related("items")),
            Prefetch(
                "leads",
                queryset=Lead.objects.select_related("member_company", "creative_business", "application"),
            ),
            "contacts",
        ),
        pk=pk,
    )
    claims = application_claims(organisation=organisation)
    return render(
        request,
        "clusters/organisation_detail.html",
        {
            "organisation": organisation,
            "followed": _applications_followed(request, {claim.application_id for claim in claims}),
            "section": "organisations",
        },
    )


@clusters_page
def lead_list(request):
    queryset = Lead.objects.select_related(
        "organisation", "member_company", "creative_business", "application"
    ).order_by("-identified_on", "-pk")
    lead_filter = LeadFilter(request.GET or None, queryset=queryset)
    export = _export_or_none(request, exports.LeadResource(), lead_filter.qs, "leads")
    if export is not None:
        return export
    page = Paginator(lead_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "clusters/lead_list.html",
        {"filter": lead_filter, "page": page, "section": "leads", "query": _query(request)},
    )


@clusters_page
def need_list(request):
    queryset = NeedItem.objects.select_related("assessment__organisation").order_by(
        "-assessment__assessed_on", "priority", "pk"
    )
    need_filter = NeedFilter(request.GET or None, queryset=queryset)
    export = _export_or_none(request, exports.NeedResource(), need_filter.qs, "needs")
    if export is not None:
        return export
    page = Paginator(need_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "clusters/need_list.html",
        {"filter": need_filter, "page": page, "section": "needs", "query": _query(request)},
    )


@clusters_page
def action_file_download(request, file_id):
    # An infected file is deleted: as if it did not exist.
    item = ActionFile.objects.filter(public_id=file_id).exclude(scan_status=ScanStatus.INFECTED).first()
    if item is None:
        raise Http404
    return private_file_response(item.file, item.original_name, item.content_type)
