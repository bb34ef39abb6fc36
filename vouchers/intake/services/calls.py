"""Writes to calls, and the check every stage makes before changing what a frozen
ranking holds."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vouchers.intake.models import Call
from wecd_portal.audit import audit_record


def call_editable_fields():
    """The fields staff edit: every editable column (not the reference counter, which
    submissions move while staff edit, nor the results' publication, which only the
    release writes)."""

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


def ensure_not_frozen(call, *, lock=False):
    """Refuse once the call's ranking is frozen. With ``lock`` (inside a transaction),
    take the call's row lock first, so a concurrent freeze waits or is seen."""
    if lock:
        Call.objects.select_for_update().filter(pk=call.pk).exists()
    # The frozen ranking (a jury model) is read through the call's relation.
    if Call.objects.filter(pk=call.pk, frozen_ranking__isnull=False).exists():
        raise ValidationError(
            _(
                "The ranking of this call is frozen: eligibility, jurors, reviews and the deliberation "
                "can no longer change (staff may unfreeze it, with a reason, until the awards are confirmed)."
            ),
            code="ranking_frozen",
        )
