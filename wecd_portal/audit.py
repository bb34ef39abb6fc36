"""Record an action in the audit log (who, what, on what, when, with which data)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from wecd_portal.core.models import AuditEntry


def audit_record(*, actor, action, target=None, data=None):
    """Write one AuditEntry row in the caller's transaction and return it.

    ``actor`` is a user or None (the system, e.g. a task); ``action`` a stable dotted
    code such as ``call.created``; ``data`` a JSON-serialisable dict. Never pass
    passwords or file contents.
    """

    entry = AuditEntry(action=action, data=data or {})
    if actor is not None and getattr(actor, "is_authenticated", False):
        entry.actor = actor
        entry.actor_label = actor.get_username()
    else:
        entry.actor_label = "system"
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.target_id = str(target.pk)
        # One language for the log, whatever the language of the request.
        with translation.override(settings.LANGUAGE_CODE):
            entry.target_label = str(target)[:255]
    entry.save()
    return entry
