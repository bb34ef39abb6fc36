"""Write every private file the storage holds into a gzipped tar, through Django's
storage API: the backup of the private files when they live on S3-compatible
storage (``scripts/backup`` calls it then; on a folder it uses tar itself, which
gives the same archive). Members are the storage's names, so the archive restores
into either kind of storage (``restore_stored_files``): this is also how the files
move from one host's folder to a bucket."""

import tarfile

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand


def stored_names(storage, folder=""):
    """Every file name under ``folder``, sorted, folders walked depth first."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:  # a folder storage not created yet holds nothing
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for directory in sorted(directories):
        yield from stored_names(storage, f"{folder}/{directory}" if folder else directory)


class Command(BaseCommand):
    help = "Write every private file of the storage into a .tar.gz (backup of S3-stored files)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz to write")

    def handle(self, *args, archive, **options):
        count = 0
        with tarfile.open(archive, "w:gz") as tar:
            for name in stored_names(default_storage):
                member = tarfile.TarInfo(f"./{name}")
                member.size = default_storage.size(name)
                member.mode = 0o640
                member.mtime = int(default_storage.get_modified_time(name).timestamp())
                with default_storage.open(name, "rb") as handle:
                    tar.addfile(member, handle)
                count += 1
        self.stdout.write(f"{count} stored files archived into {archive}.")
