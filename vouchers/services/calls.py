"""Writes to calls."""

from django.db import transaction

from wecd_portal.audit import audit_record


def call_editable_fields():
    """The fields staff edit: every editable column (not the reference counter, which
    submissions move while staff edit, nor the results' publication, which only the
    release writes)."""
    from vouchers.models import Call

    return [
        field.name for field in Call._meta.concrete_fields if field.editable and not field.primary_key
    ] + ["updated_at"]


def call_save(*, call, actor, changed_fields=()):
    """Create or update a call (staff, in the admin).

    Side effects: saves the row; writes an audit entry ``call.created`` or
    ``call.changed`` with the changed field names and their new values.
    """
    created = call.pk is None
    with transaction.atomic():
        call.full_clean()
        if created:
            call.save()
        else:
            call.save(update_fields=call_editable_fields())
        audit_record(
            actor=actor,
            action="call.created" if created else "call.changed",
            target=call,
            data={field: str(getattr(call, field, "")) for field in changed_fields},
        )
    return call
