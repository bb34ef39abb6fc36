"""Writes to calls."""

from django.db import transaction

from wecd_portal.audit import audit_record


def call_save(*, call, actor, changed_fields=()):
    """Create or update a call (staff, in the admin).

    Side effects: saves the row; writes an audit entry ``call.created`` or
    ``call.changed`` with the changed field names and their new values.
    """
    created = call.pk is None
    with transaction.atomic():
        call.full_clean()
        call.save()
        audit_record(
            actor=actor,
            action="call.created" if created else "call.changed",
            target=call,
            data={field: str(getattr(call, field, "")) for field in changed_fields},
        )
    return call
