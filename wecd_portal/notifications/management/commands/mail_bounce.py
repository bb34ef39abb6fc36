"""Record bounces: the delivery reports sent back to WECD_BOUNCE_ADDRESS.

Either the mail server pipes each report to the command (Postfix alias
``wecd-bounces: "|/srv/wecd/app/.venv/bin/python /srv/wecd/app/manage.py mail_bounce"``),
or the command reads a Maildir the mailbox is fetched into (``--maildir``, from cron
or a timer), deleting each message once recorded. A database that does not answer
exits with status 75 (EX_TEMPFAIL), so that the mail server keeps the report and
tries again later; a Maildir message is then left in place."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from wecd_portal.notifications.bounces import bounce_record

EX_TEMPFAIL = 75
LARGEST_REPORT = 10 * 1024 * 1024  # a report carries at most the original's headers or body


class Command(BaseCommand):
    help = "Record the bounce on standard input, or every bounce of a Maildir (--maildir)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--maildir", help="a Maildir whose new/ and cur/ messages are recorded, then deleted"
        )

    def handle(self, *args, maildir=None, **options):
        if maildir is None:
            self._record(sys.stdin.buffer.read(LARGEST_REPORT))
            return
        paths = sorted(path for folder in ("new", "cur") for path in (Path(maildir) / folder).glob("*"))
        hard = 0
        for path in paths:
            hard += sum(row.hard for row in self._record(path.read_bytes()[:LARGEST_REPORT]))
            path.unlink()
        self.stdout.write(f"{len(paths)} bounce message(s) recorded, {hard} hard bounce(s).")

    def _record(self, raw):
        try:
            return bounce_record(raw=raw)
        except DatabaseError as error:
            self.stderr.write(f"The database does not answer ({type(error).__name__}): try again later.")
            sys.exit(EX_TEMPFAIL)
