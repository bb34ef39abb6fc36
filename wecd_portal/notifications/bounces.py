"""Bounces: the delivery reports (RFC 3464) that receiving servers send back when an
e-mail of the portal cannot be delivered, matched to the outbox message they
concern.

Each message leaves with a return path of its own when ``WECD_BOUNCE_ADDRESS`` is
set (``bounces+<message uuid>@domain``, VERP), and always with the Message-ID
``<wecd-outbox-<uuid>@domain>``: a report names its message by either, and the
first found wins. A report is read for each recipient it lists: ``failed`` with a
5.x.x status is a hard bounce (the address does not work), anything else (a delay,
a 4.x.x status) is recorded as soft.
"""

import email
import email.header
import email.policy
import logging
import re
import uuid
from dataclasses import dataclass

logger = logging.getLogger(__name__)

MESSAGE_ID = re.compile(r"<wecd-outbox-([0-9a-f-]{36})@", re.IGNORECASE)
VERP = re.compile(r"\+([0-9a-f]{32})@", re.IGNORECASE)


@dataclass(frozen=True)
class BounceReport:
    """What one delivery report says of one recipient."""

    message_uuid: uuid.UUID | None
    recipient: str
    action: str  # failed, delayed, delivered, relayed, expanded (RFC 3464 §2.3.3)
    status: str  # e.g. 5.1.1
    diagnostic: str

    @property
    def hard(self):
        return self.action == "failed" and self.status.startswith("5")


def verp_return_path(bounce_address, message_uuid):
    """The return path of one message: ``bounces+<uuid hex>@domain``."""
    local, _, domain = bounce_address.rpartition("@")
    return f"{local}+{message_uuid.hex}@{domain}"


def _message_uuid(report):
    for header in ("Delivered-To", "X-Original-To", "To", "Envelope-To"):
        for value in report.get_all(header, []):
            found = VERP.search(str(value))
            if found:
                return uuid.UUID(found.group(1))
    for part in report.walk():
        if part.get_content_type() in {"message/rfc822", "text/rfc822-headers", "message/rfc822-headers"}:
            payload = part.get_payload()
            text = "".join(str(item) for item in payload) if isinstance(payload, list) else str(payload)
        elif part.get_content_maintype() == "text":
            text = part.get_content() if hasattr(part, "get_content") else str(part.get_payload())
        else:
            continue
        found = MESSAGE_ID.search(text)
        if found:
            return uuid.UUID(found.group(1))
    return None


def _recipient_fields(report):
    """The per-recipient field groups of the report's message/delivery-status part."""
    for part in report.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        # Python's parser gives the status groups as sub-messages: the first holds
        # the per-message fields, each of the others one recipient.
        groups = part.get_payload()
        yield from groups[1:] if isinstance(groups, list) else []


def _address(value):
    """``rfc822; someone@example.be`` → ``someone@example.be``."""
    return str(value or "").split(";", 1)[-1].strip().strip("<>")


def _decoded(header):
    """A header's text, its RFC 2047 encoded words decoded (``=?utf-8?q?…?=``)."""
    try:
        return str(email.header.make_header(email.header.decode_header(str(header))))
    except (ValueError, LookupError):  # a broken encoding: the raw text
        return str(header)


def parse_bounce(raw):
    """The reports of one bounce message (bytes): one per recipient it lists, or one
    with an empty recipient and action ``unknown`` when it is not a delivery report
    (an auto-reply, a spam complaint) — kept so that staff may read it."""
    report = email.message_from_bytes(raw, policy=email.policy.compat32)
    message_uuid = _message_uuid(report)
    reports = [
        BounceReport(
            message_uuid=message_uuid,
            recipient=_address(group.get("Final-Recipient") or group.get("Original-Recipient")),
            action=str(group.get("Action", "")).strip().lower(),
            status=str(group.get("Status", "")).strip().split(" ")[0],
            diagnostic=" ".join(_address(group.get("Diagnostic-Code")).split())[:500],
        )
        for group in _recipient_fields(report)
    ]
    if reports:
        return reports
    subject = " ".join(_decoded(report.get("Subject", "")).split())[:500]
    return [BounceReport(message_uuid, recipient="", action="unknown", status="", diagnostic=subject)]


def bounce_record(*, raw):
    """Record what one bounce message reports (bytes, as received).

    Side effects: one MailBounce row per recipient it lists, linked to the outbox
    message it names when there is one; an ERROR log line per hard bounce, which
    error tracking turns into an alert (the address on the application does not
    receive the portal's e-mails). Returns the rows created."""
    from .models import MailBounce, OutboxMessage  # noqa: PLC0415  (parsing needs no models)

    reports = parse_bounce(raw)
    message_uuid = reports[0].message_uuid
    message = OutboxMessage.objects.filter(uuid=message_uuid).first() if message_uuid else None
    known = set(MailBounce.Action.values)
    rows = MailBounce.objects.bulk_create(
        MailBounce(
            message=message,
            recipient=report.recipient[:254],
            action=report.action if report.action in known else MailBounce.Action.UNKNOWN,
            status_code=report.status[:10],
            diagnostic=report.diagnostic,
            hard=report.hard,
        )
        for report in reports
    )
    for report in reports:
        if report.hard:
            logger.error(
                "mail: %s rejected message %s (%s, %s): %s",
                report.recipient,
                message.pk if message else "unknown",
                message.template if message else "no outbox message named",
                report.status,
                report.diagnostic,
            )
    return rows
