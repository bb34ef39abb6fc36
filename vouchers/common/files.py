"""Serving a private stored file: only after the caller's permission check, never
cached, never sniffed."""

from django.http import FileResponse


def private_file_response(field_file, filename, content_type):
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
