"""Serving a private stored file: only after the caller's permission check, never
cached, never sniffed."""

from django.http import FileResponse

from wecd_portal.core.stored_files import open_stored_file


def private_file_response(field_file, filename, content_type):
    """The file as an attachment; a file missing from the storage raises
    StoredFileMissing, which the middleware answers with a 503 page."""
    response = FileResponse(
        open_stored_file(field_file), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
