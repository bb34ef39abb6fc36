"""Ranking arithmetic against a hand-computed fixture (ties and normalisation included)."""

import datetime as dt
from decimal import Decimal

from vouchers.jury.ranking import Candidate, CriterionSpec, ReviewScores, juror_leniency, rank, review_total

A = CriterionSpec(code="A", weight=Decimal("50"), scale=10)
B = CriterionSpec(code="B", weight=Decimal("50"), scale=10, minimum=Decimal("5"))
CRITERIA = [A, B]
EARLY = dt.datetime(2014, 9, 1, tzinfo=dt.UTC)
LATE = dt.datetime(2014, 9, 2, tzinfo=dt.UTC)


def review(juror, a, b):
    return ReviewScores(juror=juror, scores={"A": Decimal(a), "B": Decimal(b)})


def fixture():
    # J1 gives 60 and 80 (mean 70, sd 10); J2 gives 60 and 40 (mean 50, sd 10).
    x = Candidate("x", "WECD-2014-002", LATE, 2, [review("J1", 7, 5), review("J2", 6, 6)])
    y = Candidate("y", "WECD-2014-001", EARLY, 2, [review("J1", 8, 8), review("J2", 4, 4)])
    z = Candidate("z", "WECD-2014-003", EARLY, 2, [])
    return [z, y, x]


def test_review_total_is_weighted_on_100():
    assert review_total({"A": Decimal(7), "B": Decimal(5)}, CRITERIA) == Decimal(60)
    assert review_total(
        {"A": Decimal(10), "B": Decimal(0)}, [A, CriterionSpec("B", Decimal(25), 5)]
    ) == Decimal("66.66666666666666666666666667")


def test_juror_leniency_is_the_mean_and_spread_of_their_totals():
    assert juror_leniency(fixture(), CRITERIA) == {
        "J1": (Decimal(70), Decimal(10)),
        "J2": (Decimal(50), Decimal(10)),
    }


def test_ranking_of_the_fixture():
    rows = rank(fixture(), CRITERIA, threshold=Decimal(60), disagreement=Decimal(20), tie_break="A")

    assert [(row.reference, row.rank, row.mean) for row in rows] == [
        ("WECD-2014-002", 1, Decimal(60)),  # tie on 60: higher mean on A (6.5 against 6)
        ("WECD-2014-001", 2, Decimal(60)),
        ("WECD-2014-003", 3, None),
    ]
    x, y, z = rows
    assert (x.spread, x.std_dev, x.disagreement) == (Decimal(0), Decimal(0), False)
    assert (y.spread, y.std_dev, y.disagreement) == (Decimal(40), Decimal(20), True)
    assert x.criterion_means == {"A": Decimal("6.5"), "B": Decimal("5.5")}
    assert (x.passes, y.passes, z.passes) == (True, True, False)
    assert (z.incomplete, z.reviews, z.assigned) == (True, 0, 2)
    # Normalised: each juror's totals become z-scores, rescaled to the overall mean 60
    # and sd √200; X and Y get one +1 and one −1 each, so both stay at 60.
    assert (round(x.normalised, 10), round(y.normalised, 10)) == (Decimal(60), Decimal(60))


def test_normalisation_shows_a_harsh_jurors_effect():
    # J2 is harsh: same order as J1 but 30 points lower. Raw means favour the
    # application J1 reviewed alone; normalised totals put both on the same footing.
    lone = Candidate("lone", "R1", EARLY, 1, [review("J1", 7, 7)])
    pair = Candidate("pair", "R2", EARLY, 1, [review("J2", 4, 4)])
    other1 = Candidate("o1", "R3", EARLY, 1, [review("J1", 9, 9)])
    other2 = Candidate("o2", "R4", EARLY, 1, [review("J2", 6, 6)])

    rows = {
        row.key: row
        for row in rank(
            [lone, pair, other1, other2], CRITERIA, threshold=Decimal(0), disagreement=Decimal(100)
        )
    }

    assert rows["lone"].mean - rows["pair"].mean == Decimal(30)
    assert round(rows["lone"].normalised, 10) == round(rows["pair"].normalised, 10)


def test_a_criterion_below_its_minimum_fails_whatever_the_total():
    low_b = Candidate("low", "R1", EARLY, 1, [review("J1", 10, 4)])

    row = rank([low_b], CRITERIA, threshold=Decimal(60), disagreement=Decimal(20))[0]

    assert (row.mean, row.below_minimum, row.passes) == (Decimal(70), ["B"], False)


def test_ties_fall_back_to_the_earlier_submission_then_the_reference():
    first = Candidate("a", "R2", EARLY, 1, [review("J1", 6, 6)])
    second = Candidate("b", "R1", LATE, 1, [review("J1", 6, 6)])
    third = Candidate("c", "R0", LATE, 1, [review("J1", 6, 6)])

    rows = rank(
        [second, third, first], CRITERIA, threshold=Decimal(0), disagreement=Decimal(100), tie_break="A"
    )

    assert [row.reference for row in rows] == ["R2", "R0", "R1"]
