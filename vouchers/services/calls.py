"""Writes to calls."""

from django.db import transaction

from wecd_portal.audit import audit_record

CALL_EDITABLE_FIELDS = (
    "slug",
    "name_fr",
    "name_en",
    "opens_at",
    "closes_at",
    "voucher_amount",
    "voucher_count",
    "results_date",
    "results_published_at",
    "execution_start_date",
    "execution_end_date",
    "de_minimis_ceiling",
    "de_minimis_window_years",
    "cofinancing_share",
    "reference_prefix",
    "provider_application_limit",
    "redress_days",
    "acceptance_days",
    "jurors_per_application",
    "review_due_date",
    "pass_threshold",
    "peer_reviews_visible",
    "disagreement_threshold",
    "tie_break_criterion",
    "updated_at",
)


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
            # Never write back last_sequence: submissions move it while staff edit.
            call.save(update_fields=[name for name in CALL_EDITABLE_FIELDS])
        audit_record(
            actor=actor,
            action="call.created" if created else "call.changed",
            target=call,
            data={field: str(getattr(call, field, "")) for field in changed_fields},
        )
    return call
