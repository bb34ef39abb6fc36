"""Two-factor authentication (allauth's TOTP with recovery codes) is required for
staff, cluster liaisons and jurors: until they have set it up, they reach nothing
but the account pages and the public pages.

Once set up, allauth asks for the code at every sign-in, so every session of such
a user passed the second factor.
"""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from .sessions import is_privileged

# Pages open before the second factor is set up.
OPEN_URL_NAMES = {
    "home",
    "call_rules",
    "faq",
    "results",
    "legal_notice",
    "privacy_notice",
    "accessibility",
    "healthz",
    "ping",
}


def has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def is_open(path):
    try:
        match = resolve(path)
    except Resolver404:
        return True  # a 404 reveals nothing
    name = match.url_name or ""
    return name in OPEN_URL_NAMES or name.startswith(("account_", "mfa_"))


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not is_open(request.path_info)
            and is_privileged(user)
            and not has_totp(user)
        ):
            messages.warning(
                request,
                _(
                    "Your role gives access to applicants’ data: set up two-factor authentication to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
