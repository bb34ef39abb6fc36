"""A stored file the database knows but the private storage does not hold: a web
host without the shared storage mounted, or a file lost. The user gets a translated
page (503: the file exists and will be back once the storage is) instead of a 500,
and the operator an ERROR line naming the file."""

import logging

from botocore.exceptions import BotoCoreError, ClientError
from django.shortcuts import render

logger = logging.getLogger(__name__)

# What a storage raises when it cannot give a file: the folder (OSError), or the S3
# bucket (botocore: the object missing, the endpoint unreachable, access refused).
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


class StoredFileMissing(Exception):
    """Raised by a download whose file cannot be opened from the private storage."""


def open_stored_file(field_file):
    """``field_file`` opened for reading, or StoredFileMissing (logged at ERROR)."""
    try:
        return field_file.open("rb")
    except STORAGE_ERRORS as error:
        logger.error(
            "files: %s cannot be read from the private storage (%s): is DJANGO_MEDIA_ROOT "
            "mounted on this host, or the S3 bucket reachable?",
            field_file.name,
            type(error).__name__,
        )
        raise StoredFileMissing(field_file.name) from error


class StoredFileMissingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, StoredFileMissing):
            return render(request, "file_unavailable.html", status=503)
        return None
