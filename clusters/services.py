"""Writes of the clusters app: action files, the lead pipeline, contacts' retention."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vouchers.common.uploads import JPEG, PDF, PNG, inspect_upload, store_inspected
from wecd_portal.audit import audit_record

from .enums import LEAD_RANK, LEAD_TRANSITIONS, LeadStatus
from .models import ActionFile, Contact, Lead, LeadStatusChange

ACTION_FILE_TYPES = (PDF, PNG, JPEG)


def action_file_add(*, action, actor, kind, uploaded_file):
    """Check an upload by content and size (the applications' rules), then store it
    privately under a random name.

    Side effects: the file and an ActionFile row; audit ``clusters.file_added``.
    """
    inspected = inspect_upload(uploaded_file, allowed=ACTION_FILE_TYPES)
    with transaction.atomic():
        item = ActionFile(
            action=action,
            kind=kind,
            original_name=uploaded_file.name[-200:],
            uploaded_by=actor,
        )
        store_inspected(item, inspected)
        audit_record(
            actor=actor,
            action="clusters.file_added",
            target=action,
            data={
                "kind": kind,
                "name": item.original_name,
                "sha256": inspected.sha256,
                "size": inspected.size,
            },
        )
    return item


def action_file_delete(*, item, actor):
    """Remove an action's file. Side effects: the row, then the file after commit;
    audit ``clusters.file_deleted``."""
    with transaction.atomic():
        storage, name = item.file.storage, item.file.name
        audit_record(
            actor=actor,
            action="clusters.file_deleted",
            target=item.action,
            data={"kind": item.kind, "name": item.original_name, "sha256": item.sha256},
        )
        item.delete()
        transaction.on_commit(lambda: storage.delete(name))


def lead_transition_error(*, lead, to_status, application):
    """The reason a lead may not move to ``to_status``, or None."""
    if to_status not in LEAD_TRANSITIONS[lead.status]:
        return ValidationError(
            _("A lead “%(status)s” cannot move to “%(to)s”."),
            code="bad_transition",
            params={"status": lead.get_status_display(), "to": LeadStatus(to_status).label},
        )
    if to_status == LeadStatus.VOUCHER_APPLICATION and application is None:
        return ValidationError(
            _("Link the voucher application the lead led to."), code="application_required"
        )
    return None


def lead_create(*, actor, **fields):
    """Record a new lead, identified.

    Side effects: the Lead and its first history row; audit ``clusters.lead_created``.
    """
    with transaction.atomic():
        lead = Lead(**fields)
        lead.status, lead.furthest_rank = LeadStatus.IDENTIFIED, 0
        lead.status_changed_on = lead.identified_on
        lead.full_clean()
        lead.save()
        LeadStatusChange.objects.create(
            lead=lead, to_status=lead.status, changed_on=lead.identified_on, changed_by=actor
        )
        audit_record(actor=actor, action="clusters.lead_created", target=lead, data={})
    return lead


def lead_move(*, lead, to_status, actor, on=None, note="", application=None):
    """The one writer of a lead's status: check the move, lock, save, keep the history.

    Side effects: status, date, furthest stage reached and (for a voucher
    application) the application on the Lead; a LeadStatusChange row; audit
    ``clusters.lead_moved``.
    """
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = Lead.objects.select_for_update().get(pk=lead.pk)
        application = application or locked.application
        error = lead_transition_error(lead=locked, to_status=to_status, application=application)
        if error is not None:
            raise error
        previous = locked.status
        locked.status, locked.status_changed_on, locked.application = to_status, on, application
        if to_status in LEAD_RANK:
            locked.furthest_rank = max(locked.furthest_rank, LEAD_RANK[to_status])
        locked.save(
            update_fields=["status", "status_changed_on", "application", "furthest_rank", "updated_at"]
        )
        LeadStatusChange.objects.create(
            lead=locked, from_status=previous, to_status=to_status, changed_on=on, changed_by=actor, note=note
        )
        audit_record(
            actor=actor,
            action="clusters.lead_moved",
            target=locked,
            data={"from": previous, "to": to_status, "on": on.isoformat()},
        )
    return locked


def contacts_purge_expired(*, today=None):
    """Delete the contacts kept past their date (personal data kept only while needed).

    Side effects: deletes the rows; audit ``clusters.contacts_purged`` with the count
    (no names). Returns the count.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        expired = Contact.objects.filter(keep_until__lt=today)
        count = expired.count()
        if count:
            expired.delete()
            audit_record(actor=None, action="clusters.contacts_purged", data={"count": count})
    return count
