"""Signing in to the portal, shared by the benchmark's clients (locust's users and
the ceiling's wrk runs): the CSRF token of a page, and the sign-in with its second
factor when the account has one."""

import re

from totp import totp_code

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_of(html):
    match = CSRF.search(html)
    return match.group(1) if match else ""


def sign_in(post_form, email, password, totp_secret):
    """``post_form(path, data, name)`` fetches the form at ``path`` and posts ``data``
    with its CSRF token, without following the redirect. True when signed in."""
    response = post_form("/en/accounts/login/", {"login": email, "password": password}, "sign in")
    if response.headers.get("Location", "").endswith("/2fa/authenticate/"):
        response = post_form(
            "/en/accounts/2fa/authenticate/", {"code": totp_code(totp_secret)}, "second factor"
        )
    return response.status_code == 302
