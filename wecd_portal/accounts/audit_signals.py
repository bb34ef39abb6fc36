"""Sign-ins, sign-outs, failed sign-ins and admin changes go to the audit log.

Never a password: Django hands failed credentials over with the secrets already
masked, and only the login identifier is kept.
"""

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save

from wecd_portal.audit import audit_record

from .sessions import session_forget, session_track, user_sessions_end

ADMIN_ACTIONS = {ADDITION: "admin.added", CHANGE: "admin.changed", DELETION: "admin.deleted"}


def client_address(request):
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def on_login(sender, request, user, **kwargs):
    audit_record(actor=user, action="auth.login", target=user, data={"ip": client_address(request)})
    if request is not None and hasattr(request, "session"):
        session_track(request=request, user=user)


def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action="auth.logout", target=user, data={"ip": client_address(request)})
    if request is not None and hasattr(request, "session"):
        session_forget(session_key=request.session.session_key)


def on_user_saved(sender, instance, created, update_fields=None, **kwargs):
    # A security invariant, whatever path deactivated the account (admin, shell,
    # service): an inactive user keeps no session.
    if not created and not instance.is_active:
        user_sessions_end(user=instance)


def on_login_failed(sender, credentials, request=None, **kwargs):
    login = credentials.get("email") or credentials.get("username") or ""
    audit_record(
        actor=None,
        action="auth.login_failed",
        data={"login": str(login)[:254], "ip": client_address(request)},
    )


def on_admin_change(sender, instance, created, **kwargs):
    if not created:
        return
    audit_record(
        actor=instance.user,
        action=ADMIN_ACTIONS.get(instance.action_flag, "admin.changed"),
        data={
            "model": f"{instance.content_type.app_label}.{instance.content_type.model}"
            if instance.content_type
            else "",
            "object_id": instance.object_id or "",
            "object": instance.object_repr,
            "change": instance.get_change_message(),
        },
    )


def connect():
    user_logged_in.connect(on_login, dispatch_uid="wecd_audit_login")
    user_logged_out.connect(on_logout, dispatch_uid="wecd_audit_logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="wecd_audit_login_failed")
    post_save.connect(on_admin_change, sender=LogEntry, dispatch_uid="wecd_audit_admin_change")
    post_save.connect(
        on_user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="wecd_end_inactive_sessions"
    )
