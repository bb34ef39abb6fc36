"""Freezing a call's ranking: an immutable, timestamped snapshot."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from vouchers.models import Call, RankingSnapshot
from vouchers.selectors.ranking import call_ranking
from wecd_portal.audit import audit_record


def _plain(value):
    return None if value is None else str(value)


def ranking_rows_as_data(rows):
    return [
        {
            "rank": row.rank,
            "application": row.key,
            "reference": row.reference,
            "mean": _plain(row.mean),
            "normalised": _plain(row.normalised),
            "criterion_means": {code: _plain(value) for code, value in row.criterion_means.items()},
            "spread": _plain(row.spread),
            "std_dev": _plain(row.std_dev),
            "reviews": row.reviews,
            "assigned": row.assigned,
            "incomplete": row.incomplete,
            "disagreement": row.disagreement,
            "below_minimum": row.below_minimum,
            "passes": row.passes,
        }
        for row in rows
    ]


def ranking_freeze(*, call, actor):
    """Freeze the call's ranking as it stands.

    Side effects: locks the call row; writes the RankingSnapshot (rows, threshold,
    who, when); audit ``ranking.frozen``. From then on no review can be saved,
    submitted or reopened in this call. Refuses a second freeze.
    """
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        if RankingSnapshot.objects.filter(call=locked).exists():
            raise ValidationError(_("The ranking of this call is already frozen."), code="already_frozen")
        rows, _leniency, _criteria = call_ranking(locked)
        data = {"threshold": str(locked.pass_threshold), "rows": ranking_rows_as_data(rows)}
        try:
            snapshot = RankingSnapshot.objects.create(call=locked, frozen_by=actor, rows=data)
        except IntegrityError as error:
            raise ValidationError(
                _("The ranking of this call is already frozen."), code="already_frozen"
            ) from error
        audit_record(actor=actor, action="ranking.frozen", target=locked, data={"applications": len(rows)})
    return snapshot


def ensure_not_frozen(call):
    if RankingSnapshot.objects.filter(call_id=call.pk).exists():
        raise ValidationError(
            _("The ranking of this call is frozen: scores can no longer change."), code="ranking_frozen"
        )
