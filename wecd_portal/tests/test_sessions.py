"""Sessions: a new key at sign-in, ended on the server at sign-out and on
deactivation; shorter for staff and jurors."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from wecd_portal.accounts.models import UserSession
from wecd_portal.accounts.sessions import SIGNED_IN_AT
from wecd_portal.core.models import AuditEntry
from wecd_portal.tests.factories import PASSWORD, applicant, juror, totp_code

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    if response["Location"] == "/en/accounts/2fa/authenticate/":
        response = client.post(response["Location"], {"code": totp_code()})
    assert response.status_code == 302
    return client.session.session_key


def test_signing_in_gives_a_new_session_key_and_signing_out_ends_it_on_the_server(client):
    user = applicant()
    client.get("/en/accounts/login/")
    session = client.session
    session["seen"] = True
    session.save()
    anonymous_key = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = anonymous_key

    key = sign_in(client, user)
    client.post("/en/accounts/logout/")

    assert key != anonymous_key
    assert Session.objects.filter(session_key__in=[anonymous_key, key]).count() == 0
    assert UserSession.objects.count() == 0


def test_deactivating_a_user_ends_all_their_sessions():
    user = applicant()
    first, second = Client(), Client()
    keys = [sign_in(first, user), sign_in(second, user)]

    user.is_active = False
    user.save()

    assert Session.objects.filter(session_key__in=keys).count() == 0
    assert first.get("/en/applications/").status_code == 302
    assert AuditEntry.objects.get(action="auth.sessions_ended").data == {"count": 2}


def test_a_jurors_session_ends_after_the_limit_and_an_applicants_does_not(settings):
    settings.WECD_PRIVILEGED_SESSION_SECONDS = 60
    member, owner = Client(), Client()
    sign_in(member, juror())
    sign_in(owner, applicant())
    for client in (member, owner):
        session = client.session
        session[SIGNED_IN_AT] -= 61
        session.save()

    expired = member.get("/en/jury/")
    kept = owner.get("/en/applications/")

    assert (expired.status_code, expired["Location"]) == (302, "/en/accounts/login/?next=/en/jury/")
    assert kept.status_code == 200
    assert member.get("/en/jury/").status_code == 302  # signed out for good
