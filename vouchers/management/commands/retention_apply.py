"""Anonymise the applications of calls past their retention period (also a weekly beat task)."""

from django.core.management.base import BaseCommand

from vouchers.personal_data.services import retention_apply
from wecd_portal.notifications.services import outbox_attachments_purge


class Command(BaseCommand):
    help = "Anonymise applications and delete the files of calls whose retention period has ended."

    def handle(self, *args, **options):
        applied = retention_apply()
        if not applied:
            self.stdout.write("No call has reached the end of its retention period.")
        for slug, count in applied.items():
            self.stdout.write(f"{slug}: {count} application(s) anonymised, their files deleted.")
        copies = outbox_attachments_purge()
        self.stdout.write(f"{copies} attached copie(s) of sent e-mails deleted.")
