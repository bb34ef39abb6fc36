"""Demo data for `make run`: the 2014 call with about 30 applications, an open
demonstration call, and one account per role (idempotent)."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from clusters.demo import seed_clusters_demo
from vouchers.demo import (
    DEMO_LETTER_SENDER,
    demo_letter_sender,
    demo_mail_to_memory,
    seed_pilot_applications,
    seed_pilot_jury,
    seed_pilot_reviews,
    seed_released_demo_call,
)
from vouchers.intake.pilot_call import PILOT_SLUG, pilot_call_values
from vouchers.models import Call
from wecd_portal.accounts.roles import APPLICANT, CLUSTER_LIAISON, JUROR, STAFF

# Demo accounts: (email, password, first name, last name, role, is_staff)
DEMO_USERS = [
    ("staff@wecd.example", "demo-staff-2014", "Sophie", "Lambert", STAFF, True),
    ("juror1@wecd.example", "demo-juror-2014", "Marc", "Dubois", JUROR, False),
    ("juror2@wecd.example", "demo-juror-2014", "Anne", "Peeters", JUROR, False),
    ("juror3@wecd.example", "demo-juror-2014", "Luc", "Renard", JUROR, False),
    ("applicant1@wecd.example", "demo-applicant-2014", "Julie", "Martin", APPLICANT, False),
    ("applicant2@wecd.example", "demo-applicant-2014", "Thomas", "Leroy", APPLICANT, False),
    ("liaison@wecd.example", "demo-liaison-2014", "Nadia", "Henrard", CLUSTER_LIAISON, True),
]


DEMO_CALL_SLUG = "demo-open-call"
# Staff, jurors and liaisons must use two-factor authentication: the demo accounts
# share this published secret; `manage.py demo_totp_code` prints the current code.
DEMO_TOTP_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"  # noqa: S105 (published on purpose: demo only)


def ensure_open_demo_call():
    """A call open now, so the applicant journey can be tried; re-opened if it closed."""
    now = timezone.now()
    values = {
        "name_fr": "Chèques créativité – appel de démonstration",
        "name_en": "Creativity vouchers – demonstration call",
        "opens_at": now - timedelta(days=14),
        "closes_at": timezone.localtime(now + timedelta(days=45)).replace(
            hour=23, minute=59, second=59, microsecond=0
        ),
        "voucher_amount": 6000,
        "voucher_count": 10,
        "results_date": (now + timedelta(days=90)).date(),
        "execution_start_date": (now + timedelta(days=91)).date(),
        "execution_end_date": (now + timedelta(days=365)).date(),
        "de_minimis_ceiling": 300000,
        "reference_prefix": "DEMO",
        **DEMO_LETTER_SENDER,
    }
    call, created = Call.objects.get_or_create(slug=DEMO_CALL_SLUG, defaults=values)
    if not created and call.closes_at < now:
        for key in ("opens_at", "closes_at", "results_date", "execution_start_date", "execution_end_date"):
            setattr(call, key, values[key])
        call.save()
    return demo_letter_sender(call)


class Command(BaseCommand):
    help = "Create the 2014 pilot call and demo accounts (never under production settings)."

    def handle(self, *args, **options):
        if settings.SETTINGS_FLAVOUR == "production":
            raise CommandError("seed_demo refuses to run under production settings.")
        User = get_user_model()
        with transaction.atomic():
            pilot, _created = Call.objects.get_or_create(
                slug=PILOT_SLUG, defaults=pilot_call_values(settings.CALL_DEADLINE_TIME)
            )
            # The pilot call may come from a data migration, without a signatory.
            demo_letter_sender(pilot)
            for email, password, first, last, role, is_staff in DEMO_USERS:
                user, created = User.objects.get_or_create(
                    email=email,
                    defaults={"first_name": first, "last_name": last, "is_staff": is_staff},
                )
                if created:
                    user.set_password(password)
                    user.save(update_fields=["password"])
                user.groups.add(Group.objects.get(name=role))
                if role != APPLICANT and not Authenticator.objects.filter(user=user).exists():
                    TOTP.activate(user, DEMO_TOTP_SECRET)
                EmailAddress.objects.update_or_create(
                    user=user, email=email, defaults={"verified": True, "primary": True}
                )
            demo_call = ensure_open_demo_call()
        applicants = [
            User.objects.get(email=email) for email, *_rest, role, _s in DEMO_USERS if role == APPLICANT
        ]
        if not pilot.applications.exists():
            count = seed_pilot_applications(
                call=pilot,
                owners=applicants,
                now_in_call=pilot.closes_at - timedelta(days=20),
                staff=User.objects.get(email="staff@wecd.example"),
            )
            jurors = [User.objects.get(email=f"juror{n}@wecd.example") for n in (1, 2, 3)]
            staff = User.objects.get(email="staff@wecd.example")
            with demo_mail_to_memory():
                seed_pilot_jury(call=pilot, jurors=jurors, staff=staff)
                seed_pilot_reviews(call=pilot, jurors=jurors)
            self.stdout.write(f"{count} applications added to the 2014 call, with its jury and assignments.")
            with demo_mail_to_memory():
                if seed_released_demo_call(staff=staff, jurors=jurors, owners=applicants[1:]):
                    self.stdout.write("A demonstration call taken to its released results was added.")
        if seed_clusters_demo(staff=User.objects.get(email="staff@wecd.example")):
            self.stdout.write("Clusters: awareness actions, needs and leads of 2014–2015 were added.")
        self.stdout.write(
            f"Open demonstration call: {demo_call.name_fr} (closes {timezone.localtime(demo_call.closes_at):%d/%m/%Y %H:%M})."
        )
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in with:"))
        self.stdout.write(
            "  (staff, jurors and the liaison are then asked a two-factor code:"
            " run `.venv/bin/python manage.py demo_totp_code`)"
        )
        for email, password, _first, _last, role, _staff in DEMO_USERS:
            self.stdout.write(f"  {role:<10} {email:<26} {password}")
