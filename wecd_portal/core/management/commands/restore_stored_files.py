"""Put the files of a ``scripts/backup`` archive (``private-files.tar.gz``) back into
the configured private storage, a folder or an S3 bucket, under their own names.
Refuses a storage that already holds files, as ``scripts/restore`` refuses a folder
that is not empty: a restore never mixes two states."""

import tarfile

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from .archive_stored_files import stored_names


class Command(BaseCommand):
    help = "Restore the private files of a backup archive into the (empty) storage."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the private-files.tar.gz of a backup")

    def handle(self, *args, archive, **options):
        if next(stored_names(default_storage), None) is not None:
            raise CommandError("The private storage is not empty: restore into an empty folder or bucket.")
        count = 0
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if not member.isfile():
                    continue
                name = member.name.removeprefix("./")
                if name.startswith("/") or ".." in name.split("/"):
                    raise CommandError(f"Refused a member outside the storage: {member.name!r}.")
                with tar.extractfile(member) as handle:
                    saved = default_storage.save(name, handle)
                if saved != name:
                    raise CommandError(f"{name} was stored as {saved}: the storage was not empty.")
                count += 1
        self.stdout.write(f"{count} stored files restored.")
