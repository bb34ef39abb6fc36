"""Test helper: finish the deliberation of a call (a consensus at the mean for each
ranked application that has none), then freeze its ranking."""

from vouchers.intake.models import Application
from vouchers.jury.models import Consensus, Criterion
from vouchers.jury.selectors.standings import call_ranking
from vouchers.jury.services.deliberation import consensus_record, ranking_freeze


def deliberate(call, actor):
    """A consensus at the mean, with a comment per criterion, where none is recorded."""
    rows, _leniency, _criteria = call_ranking(call)
    codes = list(Criterion.objects.filter(call=call).values_list("code", flat=True))
    done = set(Consensus.objects.filter(application__call=call).values_list("application_id", flat=True))

    for row in rows:
        if row.key not in done and row.reviews:
            consensus_record(
                application=Application.objects.get(pk=row.key),
                actor=actor,
                comments=dict.fromkeys(codes, "Appréciation du jury."),
            )


def deliberate_and_freeze(call, actor):
    deliberate(call, actor)
    return ranking_freeze(call=call, actor=actor)
