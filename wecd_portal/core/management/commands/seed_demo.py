"""Demo data for `make run`: the 2014 call and one account per role (idempotent)."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from vouchers.models import Call
from vouchers.pilot_call import PILOT_SLUG, pilot_call_values
from wecd_portal.accounts.roles import APPLICANT, JUROR, STAFF

# Demo accounts: (email, password, first name, last name, role, is_staff)
DEMO_USERS = [
    ("staff@wecd.example", "demo-staff-2014", "Sophie", "Lambert", STAFF, True),
    ("juror1@wecd.example", "demo-juror-2014", "Marc", "Dubois", JUROR, False),
    ("juror2@wecd.example", "demo-juror-2014", "Anne", "Peeters", JUROR, False),
    ("juror3@wecd.example", "demo-juror-2014", "Luc", "Renard", JUROR, False),
    ("applicant1@wecd.example", "demo-applicant-2014", "Julie", "Martin", APPLICANT, False),
    ("applicant2@wecd.example", "demo-applicant-2014", "Thomas", "Leroy", APPLICANT, False),
]


class Command(BaseCommand):
    help = "Create the 2014 pilot call and demo accounts (never under production settings)."

    def handle(self, *args, **options):
        if settings.SETTINGS_FLAVOUR == "production":
            raise CommandError("seed_demo refuses to run under production settings.")
        User = get_user_model()
        with transaction.atomic():
            Call.objects.get_or_create(
                slug=PILOT_SLUG, defaults=pilot_call_values(settings.CALL_DEADLINE_TIME)
            )
            for email, password, first, last, role, is_staff in DEMO_USERS:
                user, created = User.objects.get_or_create(
                    email=email,
                    defaults={"first_name": first, "last_name": last, "is_staff": is_staff},
                )
                if created:
                    user.set_password(password)
                    user.save(update_fields=["password"])
                user.groups.add(Group.objects.get(name=role))
                EmailAddress.objects.update_or_create(
                    user=user, email=email, defaults={"verified": True, "primary": True}
                )
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in with:"))
        for email, password, _first, _last, role, _staff in DEMO_USERS:
            self.stdout.write(f"  {role:<10} {email:<26} {password}")
