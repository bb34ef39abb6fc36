"""Ranking arithmetic, free of the database (so a hand-computed fixture can check it).

For a review r of application a, with criteria c (weight w_c in %, scale S_c):
    T_r = 100 × Σ_c w_c × s_rc / S_c  /  Σ_c w_c               (a total on 100)
Per application: mean of T_r over its submitted reviews, per-criterion means of
s_rc, spread = max − min and population standard deviation of T_r.
Per juror j: leniency μ_j (mean of their totals) and σ_j (standard deviation).
Normalised total of a review: μ + σ × (T_r − μ_j) / σ_j, where μ and σ are the
mean and standard deviation of every submitted total (σ_j = 0 gives z = 0). The
application's normalised total is the mean of its reviews' normalised totals.
The final score is the deliberation's consensus where recorded, else the mean.
Order: final score descending; ties by the tie-break criterion's mean, then the
earlier submission, then the reference.
"""

from dataclasses import dataclass, field
from decimal import Decimal

TWO = Decimal("0.01")


@dataclass
class ReviewScores:
    juror: object
    scores: dict  # criterion code -> Decimal


@dataclass
class Candidate:
    key: object
    reference: str
    submitted_at: object
    assigned: int
    reviews: list = field(default_factory=list)
    consensus: Decimal | None = None  # the deliberation's final score, when recorded
    consensus_mean: Decimal | None = None  # the mean the consensus was based on
    public_id: object = None


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    weight: Decimal
    scale: int
    minimum: Decimal | None = None


@dataclass
class RankedRow:
    key: object
    reference: str
    rank: int
    mean: Decimal | None
    final: Decimal | None  # the consensus score if recorded, else the mean
    normalised: Decimal | None
    criterion_means: dict
    spread: Decimal | None
    std_dev: Decimal | None
    reviews: int
    assigned: int
    incomplete: bool
    disagreement: bool
    below_minimum: list
    passes: bool
    public_id: object = None
    consensus_stale: bool = False


def review_total(scores, criteria):
    weights = sum(criterion.weight for criterion in criteria)
    return Decimal(100) * sum(c.weight * scores[c.code] / c.scale for c in criteria) / weights


def _mean(values):
    return sum(values, Decimal(0)) / len(values) if values else None


def _std(values):
    if not values:
        return None
    mean = _mean(values)
    return (sum((value - mean) ** 2 for value in values) / len(values)).sqrt()


def juror_leniency(candidates, criteria):
    """juror -> (mean, standard deviation) of the totals they gave."""
    totals = {}
    for candidate in candidates:
        for review in candidate.reviews:
            totals.setdefault(review.juror, []).append(review_total(review.scores, criteria))
    return {juror: (_mean(values), _std(values)) for juror, values in totals.items()}


def tie_break_unknown(tie_break, codes):
    """True when a tie-break code is set, the call has criteria, and it names none
    of them (the ranking would then order equal totals by submission alone)."""
    return bool(tie_break and codes and tie_break not in codes)


def rank(candidates, criteria, *, threshold, disagreement, tie_break=None):
    """Ranked rows, best first."""
    leniency = juror_leniency(candidates, criteria)
    everything = [review_total(r.scores, criteria) for c in candidates for r in c.reviews]
    overall_mean, overall_std = _mean(everything), _std(everything)
    rows = []
    for candidate in candidates:
        totals = [review_total(review.scores, criteria) for review in candidate.reviews]
        normalised = []
        for review, total in zip(candidate.reviews, totals, strict=True):
            juror_mean, juror_std = leniency[review.juror]
            z = (total - juror_mean) / juror_std if juror_std else Decimal(0)
            normalised.append(overall_mean + overall_std * z)
        criterion_means = {
            c.code: _mean([review.scores[c.code] for review in candidate.reviews]) for c in criteria
        }
        below = [
            c.code
            for c in criteria
            if c.minimum is not None
            and criterion_means[c.code] is not None
            and criterion_means[c.code] < c.minimum
        ]
        mean = _mean(totals)
        final = candidate.consensus if candidate.consensus is not None else mean
        spread = max(totals) - min(totals) if totals else None
        rows.append(
            RankedRow(
                key=candidate.key,
                reference=candidate.reference,
                rank=0,
                mean=mean,
                final=final,
                normalised=_mean(normalised),
                criterion_means=criterion_means,
                spread=spread,
                std_dev=_std(totals),
                reviews=len(totals),
                assigned=candidate.assigned,
                incomplete=len(totals) < candidate.assigned,
                disagreement=spread is not None and spread > disagreement,
                below_minimum=below,
                passes=final is not None and final >= threshold and not below,
                public_id=candidate.public_id,
                consensus_stale=candidate.consensus is not None
                and mean is not None
                and candidate.consensus_mean is not None
                and candidate.consensus_mean != mean.quantize(TWO),
            )
        )
    by_key = {candidate.key: candidate for candidate in candidates}

    def order(row):
        tie = row.criterion_means.get(tie_break) if tie_break else None
        submitted = by_key[row.key].submitted_at
        return (
            row.final is None,
            -(row.final or 0),
            -(tie or 0),
            submitted.timestamp() if submitted else 0,
            row.reference,
        )

    rows.sort(key=order)
    for position, row in enumerate(rows, start=1):
        row.rank = position
    return rows
