"""Benchmark: rank 1,000 applications × 3 reviews × 5 criteria.

Run with `make bench` (uses DATABASE_URL, default the local SQLite file of `make run`;
point it at PostgreSQL to measure there). It builds the data in a throwaway call,
ranks it, prints the time and the number of queries, then deletes the call.
Usage: python bench/ranking.py [applications] [reviews per application] [criteria]
"""

import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecd_portal.settings.local")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from vouchers.jury.selectors.standings import call_ranking  # noqa: E402
from vouchers.models import Application, Assignment, Call, Criterion, Review, Score  # noqa: E402


def build(applications, reviews, criteria):
    now = timezone.now()
    call = Call.objects.create(
        slug=f"bench-{int(time.time())}",
        name_fr="Banc d’essai",
        name_en="Benchmark",
        opens_at=now - timezone.timedelta(days=30),
        closes_at=now - timezone.timedelta(days=1),
        voucher_amount=Decimal("6000"),
        voucher_count=10,
    )
    specs = Criterion.objects.bulk_create(
        Criterion(
            call=call,
            code=f"c{index}",
            label_fr=f"C{index}",
            label_en=f"C{index}",
            weight=Decimal("20"),
            position=index,
        )
        for index in range(criteria)
    )
    User = get_user_model()
    jurors = User.objects.bulk_create(
        User(email=f"bench-juror-{call.pk}-{index}@example.be") for index in range(reviews * 3)
    )
    owner = User.objects.create(email=f"bench-owner-{call.pk}@example.be")
    rows = Application.objects.bulk_create(
        Application(
            call=call,
            owner=owner,
            status="eligible",
            reference=f"B{call.pk}-{index:05d}",
            sequence=index,
            submitted_at=now,
            title=f"Projet {index}",
        )
        for index in range(1, applications + 1)
    )
    assignments, review_rows = [], []
    for index, application in enumerate(rows):
        for offset in range(reviews):
            juror = jurors[(index + offset) % len(jurors)]
            assignments.append(Assignment(application=application, juror=juror))
            review_rows.append(
                Review(application=application, juror=juror, status="submitted", submitted_at=now)
            )
    Assignment.objects.bulk_create(assignments)
    review_rows = Review.objects.bulk_create(review_rows)
    Score.objects.bulk_create(
        Score(review=review, criterion=spec, value=Decimal((review.pk * 7 + spec.pk * 3) % 11))
        for review in review_rows
        for spec in specs
    )
    return call


def main():
    applications, reviews, criteria = (
        int(value) for value in (sys.argv[1:] + ["1000", "3", "5"][len(sys.argv[1:]) :])
    )
    with transaction.atomic():
        started = time.perf_counter()
        call = build(applications, reviews, criteria)
        built = time.perf_counter() - started
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            rows, leniency, _criteria = call_ranking(call)
            elapsed = time.perf_counter() - started
        print(
            f"database={connection.vendor} applications={applications} reviews/application={reviews} "
            f"criteria={criteria} ranked={len(rows)} jurors={len(leniency)}"
        )
        print(f"build={built:.2f}s ranking={elapsed:.3f}s queries={len(queries)}")
        transaction.set_rollback(True)  # leave nothing behind


if __name__ == "__main__":
    main()
