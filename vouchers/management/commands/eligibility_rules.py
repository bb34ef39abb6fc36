from django.core.management.base import BaseCommand

from vouchers.eligibility.table import rules_markdown_table


class Command(BaseCommand):
    help = "Print the eligibility rules as the Markdown table of the README."

    def handle(self, *args, **options):
        self.stdout.write(rules_markdown_table())
