"""Server sessions: tracked per user, shortened for staff and jurors, ended on
deactivation."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils.translation import gettext as _

from wecd_portal.audit import audit_record

from .models import UserSession
from .roles import JUROR, STAFF, role_names

SIGNED_IN_AT = "wecd_signed_in_at"


def is_privileged(user):
    """Staff and jurors, who see applicants' data."""
    return user.is_authenticated and (user.is_staff or bool({STAFF, JUROR} & role_names(user)))


def session_track(*, request, user):
    """At sign-in: note the time (the privileged sessions' limit counts from it) and
    remember the new session key. Side effects: a UserSession row."""

    request.session[SIGNED_IN_AT] = int(time.time())
    if request.session.session_key is None:
        request.session.save()
    UserSession.objects.update_or_create(session_key=request.session.session_key, defaults={"user": user})


def session_forget(*, session_key):
    """At sign-out: the session is gone (Django flushed it); forget its key."""

    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def user_sessions_end(*, user, actor=None):
    """End every server session of ``user``. Side effects: deletes their Session and
    UserSession rows; audit ``auth.sessions_ended`` with the count. Returns the count."""

    with transaction.atomic():
        keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
        Session.objects.filter(session_key__in=keys).delete()
        UserSession.objects.filter(session_key__in=keys).delete()
        if keys:
            audit_record(actor=actor, action="auth.sessions_ended", target=user, data={"count": len(keys)})
    return len(keys)


def privileged_session_expired(request):
    """True when a staff member's or juror's session is older than
    WECD_PRIVILEGED_SESSION_SECONDS (whatever the cookie says)."""
    signed_in_at = request.session.get(SIGNED_IN_AT)
    if signed_in_at is None or not is_privileged(request.user):
        return False
    return time.time() - signed_in_at > settings.WECD_PRIVILEGED_SESSION_SECONDS


class PrivilegedSessionTimeoutMiddleware:
    """Signs out staff and jurors whose session has outlived its limit, and sends
    them to the sign-in page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(request, "user", None) is not None and privileged_session_expired(request):
            logout(request)
            messages.info(request, _("Your session has expired: please sign in again."))
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
