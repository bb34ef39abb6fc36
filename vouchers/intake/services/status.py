"""The one writer of Application.status."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vouchers.intake.enums import APPLICATION_TRANSITIONS
from vouchers.intake.models import Application
from wecd_portal.audit import audit_record


def application_change_status(*, application, to_status, actor, data=None, **fields):
    """Move ``application`` to ``to_status`` if the transitions table allows it.

    Side effects: locks the row, saves status and the given ``fields`` (e.g.
    submitted_at), writes an audit entry ``application.<to_status>`` with ``data``.
    Must run inside the caller's transaction, which queues any notification.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("application_change_status must run inside a transaction")
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if to_status not in APPLICATION_TRANSITIONS[locked.status]:
        raise ValidationError(
            _("An application cannot go from “%(from)s” to “%(to)s”."),
            code="invalid_transition",
            params={"from": locked.get_status_display(), "to": to_status.label},
        )
    from_status = locked.status
    locked.status = to_status
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", "updated_at", *fields])
    audit_record(
        actor=actor,
        action=f"application.{to_status}",
        target=locked,
        data={"from": from_status, **(data or {})},
    )
    application.__dict__.update({key: getattr(locked, key) for key in ("status", "updated_at", *fields)})
    return locked
