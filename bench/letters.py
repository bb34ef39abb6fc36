"""Benchmark: render ten award letters; report seconds per letter and peak memory.

Run with `make bench`. It renders the award-letter template directly (no database
rows needed beyond what the template reads) and prints the figures.
"""

import os
import resource
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecd_portal.settings.local")

import django

django.setup()

import datetime as dt  # noqa: E402

from django.utils import translation  # noqa: E402

from vouchers.awards.services.letters import de_minimis_regulation  # noqa: E402
from wecd_portal.documents import render_pdf  # noqa: E402


def context(number):
    call = SimpleNamespace(
        name="Chèques créativité 2014 – appel pilote WECD",
        opens_at=dt.datetime(2014, 6, 16, tzinfo=dt.UTC),
        signatory_name="Signataire de démonstration",
        signatory_title="Directrice de Wallonie Design",
        sender_lines=["Wallonie Design asbl", "Rue de la Démonstration 1", "4000 Liège"],
        sender_phone="+32 4 000 00 00",
        sender_email="cheques@wallonie-design.example",
        execution_start_date=dt.date(2014, 11, 15),
        execution_end_date=dt.date(2015, 6, 30),
        redress_days=30,
        pass_threshold=Decimal("60"),
    )
    return {
        "application": SimpleNamespace(
            title=f"Prototype de luminaire {number}", reference=f"WECD-2014-{number:03d}", call=call
        ),
        "call": call,
        "decision": SimpleNamespace(
            voucher_code=f"WECD-V-2014-{number:02d}", amount=Decimal("6000"), reserve_position=None
        ),
        "regulation": de_minimis_regulation(call, "fr"),
        "subject": "Votre chèque créativité",
        "reference": f"WECD-V-2014-{number:02d}",
        "letter_date": dt.date(2014, 11, 14),
        "recipient_lines": [f"Menuiserie Lambert {number}", "Rue de l’Industrie 2", "4000 Liège"],
    }


def main(count=10):
    render_pdf("pdf/letter_award.html", context(0))  # warm-up: fonts and templates loaded once
    tracemalloc.start()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with translation.override("fr"):
        sizes = [len(render_pdf("pdf/letter_award.html", context(number))) for number in range(1, count + 1)]
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"letters={count} total={elapsed:.2f}s per_letter={elapsed / count:.3f}s mean_size={sum(sizes) // count} bytes"
    )
    print(
        f"python_peak={peak / 1024 / 1024:.1f} MiB process_max_rss={rss_after / 1024:.0f} MiB (+{(rss_after - rss_before) / 1024:.0f})"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
