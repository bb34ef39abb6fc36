"""The staff ranking page of a call: totals, spreads, leniency, normalisation, export, freeze."""

import csv
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from vouchers.common.exports import neutralise_cell
from vouchers.intake.models import Application, Call
from vouchers.jury.forms.consensus import consensus_handle
from vouchers.jury.models import Criterion, RankingSnapshot
from vouchers.jury.ranking import tie_break_unknown
from vouchers.jury.selectors.jurors import deliberation_panel
from vouchers.jury.selectors.standings import call_ranking
from vouchers.jury.services.deliberation import ranking_rows_as_data


def ranking_view(model_admin, request, object_id):
    call = get_object_or_404(Call, pk=object_id)
    if not request.user.has_perm("vouchers.view_call"):
        raise PermissionDenied
    if request.method == "POST":
        # The freeze goes through its confirmation page, which lists what stands open.
        return redirect("admin:vouchers_call_freeze", call.pk)
    snapshot = RankingSnapshot.objects.filter(call=call).select_related("frozen_by").first()
    if snapshot is not None:
        return _frozen(model_admin, request, call, snapshot)
    rows, leniency, criteria = call_ranking(call)
    if request.GET.get("export") == "csv":
        return _csv(call, rows, criteria)

    codes = [criterion.code for criterion in criteria]
    if tie_break_unknown(call.tie_break_criterion, codes):
        # The admin refuses such a code; a call changed another way still says so here.
        messages.warning(
            request,
            _(
                "The tie-break criterion “%(code)s” is not one of this call’s criteria (%(codes)s): "
                "equal totals are ordered by submission time only."
            )
            % {"code": call.tie_break_criterion, "codes": ", ".join(sorted(codes))},
        )
    jurors = {user.pk: user for user in get_user_model().objects.filter(pk__in=leniency)}
    columns, labels = _criterion_columns(call, codes)
    for row in rows:
        row.below_minimum_labels = [labels[code] for code in row.below_minimum]
        row.criterion_cells = [row.criterion_means.get(column["code"]) for column in columns]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Ranking – %(call)s") % {"call": call},
        "call": call,
        "rows": rows,
        "criteria": columns,
        "leniency": [
            (jurors[pk], mean, std)
            for pk, (mean, std) in sorted(leniency.items(), key=lambda item: str(jurors[item[0]]))
        ],
        "snapshot": None,
    }
    return render(request, "admin/vouchers/call/ranking.html", context)


def _criterion_columns(call, codes):
    """The ranking's criterion columns in ``codes`` order, named in the staff member's
    language and in the call's order (a code no longer among the call's criteria is
    shown as it is, last), and code → label."""
    stored = {criterion.code: criterion for criterion in Criterion.objects.filter(call=call, code__in=codes)}
    ordered = sorted(codes, key=lambda code: (code not in stored, getattr(stored.get(code), "position", 0)))
    columns = [
        {"code": code, "label": stored[code].label, "weight": stored[code].weight}
        if code in stored
        else {"code": code, "label": code, "weight": None}
        for code in ordered
    ]
    return columns, {column["code"]: column["label"] for column in columns}


def _csv(call, rows, criteria):
    return _csv_response(f"ranking-{call.slug}.csv", ranking_rows_as_data(rows), [c.code for c in criteria])


def _csv_response(filename, rows, codes):
    """The ranking as CSV, from row data (live rows converted, or the frozen snapshot)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    # Headers in the staff member's language; the values stay machine-readable.
    writer.writerow(
        [
            _("rank"),
            _("reference"),
            _("final /100"),
            _("mean /100"),
            _("normalised /100"),
            *[_("mean %(criterion)s") % {"criterion": code} for code in codes],
            _("spread"),
            _("standard deviation"),
            _("reviews"),
            _("assigned"),
            _("incomplete"),
            _("disagreement"),
            _("below minimum"),
            _("passes"),
            _("consensus out of date"),
        ]
    )
    for row in rows:
        writer.writerow(
            neutralise_cell(cell)
            for cell in [
                row["rank"],
                row["reference"],
                _fmt(row["final"]),
                _fmt(row["mean"]),
                _fmt(row["normalised"]),
                *[_fmt(row["criterion_means"][code]) for code in codes],
                _fmt(row["spread"]),
                _fmt(row["std_dev"]),
                row["reviews"],
                row["assigned"],
                row["incomplete"],
                row["disagreement"],
                " ".join(row["below_minimum"]),
                row["passes"],
                row.get("consensus_stale", False),
            ]
        )
    return response


def _fmt(value):
    return "" if value in (None, "") else f"{Decimal(value):.2f}"


def consensus_view(model_admin, request, object_id, application_id):
    """Deliberation: the final score and the applicant's comments for one application,
    written with the reviews the ranking counts (each juror's scores and comments,
    the weighted totals, the mean and the spread) beside the form."""

    call = get_object_or_404(Call, pk=object_id)
    application = get_object_or_404(Application.objects.select_related("call"), pk=application_id, call=call)
    if not request.user.has_perm("vouchers.change_call"):
        raise PermissionDenied
    panel = deliberation_panel(application)
    saved, form = consensus_handle(request, application, criteria=panel.criteria)
    if saved:
        messages.success(request, _("Consensus recorded."))
        return redirect("admin:vouchers_call_ranking", call.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Deliberation – %(application)s") % {"application": application},
        "call": call,
        "application": application,
        "form": form,
        "panel": panel,
    }
    return render(request, "admin/vouchers/call/consensus.html", context, status=400 if form.errors else 200)


def _frozen(model_admin, request, call, snapshot):
    """After the freeze, the page and the export show the snapshot, never a recomputation."""
    rows = snapshot.rows["rows"]
    codes = list(rows[0]["criterion_means"]) if rows else []
    if request.GET.get("export") == "csv":
        return _csv_response(f"ranking-{call.slug}-frozen.csv", rows, codes)
    criteria, labels = _criterion_columns(call, codes)
    rows = [
        {
            **row,
            "below_minimum_labels": [labels.get(c, c) for c in row["below_minimum"]],
            "criterion_cells": [row["criterion_means"].get(column["code"]) for column in criteria],
        }
        for row in rows
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Ranking – %(call)s") % {"call": call},
        "call": call,
        "rows": rows,
        "criteria": criteria,
        "leniency": snapshot.rows.get("leniency", []),
        "snapshot": snapshot,
    }
    return render(request, "admin/vouchers/call/ranking.html", context)
