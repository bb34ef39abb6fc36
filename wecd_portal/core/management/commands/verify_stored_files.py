"""Check every stored file against the SHA-256 the database recorded for it: after a
restore, a move to other storage, or to audit the private files.

Every model of the project with a file field and its fingerprint (``sha256`` next to
``file``, or ``<field>_sha256``) is read: attachments, receipts, letters, voucher
documents, action files. Exit status 1 when a file is missing or differs."""

import hashlib

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models

PROJECT_APPS = ("vouchers", "clusters", "notifications", "core", "accounts")


def fingerprinted_file_fields():
    """(model, file field name, sha256 field name) of each fingerprinted file."""
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        names = {field.name for field in model._meta.concrete_fields}
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            for digest in (f"{field.name}_sha256", "sha256"):
                if digest in names:
                    yield model, field.name, digest
                    break


def _sha256(field_file):
    digest = hashlib.sha256()
    with field_file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Check every stored file against the SHA-256 recorded in the database."

    def handle(self, *args, **options):
        checked, problems = 0, []
        for model, file_name, digest_name in fingerprinted_file_fields():
            rows = model.objects.exclude(**{file_name: ""}).exclude(**{f"{file_name}__isnull": True})
            for row in rows.iterator():
                field_file, expected = getattr(row, file_name), getattr(row, digest_name)
                label = f"{model._meta.label} {row.pk} {field_file.name}"
                if not field_file.storage.exists(field_file.name):
                    problems.append(f"missing: {label}")
                elif expected and _sha256(field_file) != expected:
                    problems.append(f"differs: {label}")
                checked += 1
        for problem in problems:
            self.stderr.write(problem)
        self.stdout.write(f"{checked} stored files checked, {len(problems)} problem(s).")
        if problems:
            raise CommandError(f"{len(problems)} stored file(s) missing or different.")
