"""What an operator needs to follow one request through the logs and the error
tracker: a request id on every log line, JSON lines when asked, and Sentry when a
DSN is given.

- The request id is the proxy's ``X-Request-ID`` when it sends a sane one, else a new
  one; it is echoed in the response's ``X-Request-ID``, so a user reporting a
  problem can quote it, and the log lines and the Sentry event of that request carry
  it.
- ``WECD_LOG_FORMAT=json`` writes one JSON object per line (python-json-logger), the
  request id included; the default stays plain text for a terminal.
- ``SENTRY_DSN`` turns on sentry-sdk with its Django and Celery integrations; no
  personal data is sent (``send_default_pii=False``: no user e-mail, no cookies, no
  request body), only the request id, the path and the stack.
"""

import contextvars
import logging
import re
import uuid

request_id_var = contextvars.ContextVar("request_id", default="-")
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give the request its id (first in the middleware: every log line has it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.request_id = given if SANE_REQUEST_ID.match(given) else uuid.uuid4().hex
        token = request_id_var.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Put the current request's id on every record (``-`` outside a request)."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


def sentry_init(dsn, *, environment, release=""):
    """Start sentry-sdk for the web processes and the workers (no personal data)."""
    import sentry_sdk  # noqa: PLC0415  (loaded only when a DSN is set)
    from sentry_sdk.integrations.celery import CeleryIntegration  # noqa: PLC0415  (idem)
    from sentry_sdk.integrations.django import DjangoIntegration  # noqa: PLC0415  (idem)

    def with_request_id(event, hint):
        event.setdefault("tags", {})["request_id"] = request_id_var.get()
        return event

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
        before_send=with_request_id,
    )
