"""Refuse an oversized request body before anything reads it.

Django spools an uploaded file to a temporary file as it parses the body, and the
CSRF check parses it on the first POST; a limit checked by a form comes after the
whole body is on disk. This middleware, placed before any view or CSRF check,
answers from the declared ``Content-Length`` alone:

- **413** to a body larger than one upload allows (``WECD_MAX_UPLOAD_BYTES`` plus
  ``WECD_REQUEST_BODY_MARGIN`` for the form's other fields), signed in or not;
- **400** to a multipart body sent by an anonymous visitor, who has nothing to
  upload anywhere (the sign-in, sign-up and reset forms are not multipart), beyond
  what a form without a file needs (``DATA_UPLOAD_MAX_MEMORY_SIZE``).

A file under the limit is still checked by its form (content, size, scan), with the
error next to the field. The reverse proxy should cap bodies too (README).
"""

from django.conf import settings
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.http import url_has_allowed_host_and_scheme


def _declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = _declared_length(request)
        if length:
            if length > settings.WECD_MAX_UPLOAD_BYTES + settings.WECD_REQUEST_BODY_MARGIN:
                return self._refuse(request, 413)
            multipart = request.content_type == "multipart/form-data"
            if (
                multipart
                and not request.user.is_authenticated
                and length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            ):
                return self._refuse(request, 400)
        return self.get_response(request)

    @staticmethod
    def _refuse(request, status):
        # The body is not read (the server closes the connection after the answer; a
        # WSGI application may not set the hop-by-hop Connection header itself).
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = ""
        return render(
            request,
            "413.html",
            # The limit as the upload forms write it ("10,0 Mo"), and the way back to the form.
            {"limit": filesizeformat(settings.WECD_MAX_UPLOAD_BYTES), "back_url": back},
            status=status,
        )
