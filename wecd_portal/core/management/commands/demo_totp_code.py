"""Print the current two-factor code of the demo staff, jurors and liaison."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from .seed_demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo accounts (never under production settings)."

    def handle(self, *args, **options):
        if settings.SETTINGS_FLAVOUR == "production":
            raise CommandError("demo_totp_code refuses to run under production settings.")
        now = int(time.time())
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, now // 30))
        self.stdout.write(f"{code}  (valid for {30 - now % 30} more seconds; secret {DEMO_TOTP_SECRET})")
