from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from wecd_portal.notifications.services import outbox_queue


class Command(BaseCommand):
    help = "Queue a test email through the outbox to check the mail configuration."

    def add_arguments(self, parser):
        parser.add_argument("email", help="Recipient address")
        parser.add_argument("--language", choices=["fr", "en"], default="fr")

    def handle(self, *args, email, language, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not a valid email address: {email}") from error
        with transaction.atomic():
            message = outbox_queue(
                template="outbox_test",
                recipients=[email],
                language=language,
                context={"requested_by": "manage.py send_test_email"},
            )
        message.refresh_from_db()
        self.stdout.write(f"Outbox message {message.pk} to {email}: {message.status}")
