"""Benchmark: each application section page, rendered with Django's default form
renderer and with the portal's (wecd_portal.core.form_renderer: Django's form
templates through Jinja2), in turns, in one process; CPU milliseconds per page and
the ratio.

Run with `make bench` (local settings). Its rows live in a transaction that is
rolled back: the database is left as it was.
Usage: python bench/forms.py [rounds=9] [pages_per_round=10]
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecd_portal.settings.local")
os.environ["DJANGO_DEBUG"] = "false"  # as in production: no query log, templates never reloaded

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.forms import forms as django_forms  # noqa: E402
from django.forms import formsets  # noqa: E402
from django.forms.renderers import DjangoTemplates  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from vouchers.demo import complete_application  # noqa: E402
from vouchers.intake.views.applications import EDITABLE_SECTIONS  # noqa: E402
from vouchers.models import Call  # noqa: E402
from wecd_portal.core.form_renderer import FormRenderer  # noqa: E402

RENDERERS = {"Django's default": DjangoTemplates(), "the portal's": FormRenderer()}


def use(renderer):
    """Make ``renderer`` the one every form and formset takes."""
    django_forms.get_default_renderer = formsets.get_default_renderer = lambda: renderer


def cpu_ms_per_page(client, url, pages):
    started = time.process_time()
    for _ in range(pages):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return (time.process_time() - started) / pages * 1000


def main(rounds=9, pages=10):
    from django.utils import timezone

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    now = timezone.now()
    with transaction.atomic():
        call = Call.objects.create(
            slug="bench-forms",
            name_fr="Appel – formulaires",
            name_en="Call – forms",
            opens_at=now - timezone.timedelta(days=1),
            closes_at=now + timezone.timedelta(days=30),
            voucher_amount=6000,
            voucher_count=10,
            reference_prefix="FORMS",
        )
        owner = get_user_model().objects.create_user(email="forms@bench.example", password=None)
        application = complete_application(call=call, owner=owner, seed=90_000)
        client = Client()
        client.force_login(owner)
        print(f"{'section':<14}" + "".join(f"{name + ' (ms)':>22}" for name in RENDERERS) + f"{'ratio':>8}")
        for section in EDITABLE_SECTIONS:
            url = reverse("application_section", args=[application.public_id, section])
            times = {name: [] for name in RENDERERS}
            for renderer in RENDERERS.values():
                use(renderer)
                client.get(url)  # templates compiled once, outside the timing
            for _ in range(rounds):
                for name, renderer in RENDERERS.items():
                    use(renderer)
                    times[name].append(cpu_ms_per_page(client, url, pages))
            medians = [statistics.median(times[name]) for name in RENDERERS]
            print(
                f"{section:<14}"
                + "".join(f"{value:>22.1f}" for value in medians)
                + f"{medians[1] / medians[0]:>8.2f}"
            )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main(*(int(value) for value in sys.argv[1:]))
