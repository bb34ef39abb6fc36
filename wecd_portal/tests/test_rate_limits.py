"""allauth's rate limits: failed sign-ins per account and address, sign-ups per
address, password resets per address, verification emails per address."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from wecd_portal.tests.factories import PASSWORD, UserFactory, applicant

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts. Try again later."


def sign_in(client, user, password, address):
    return client.post(
        "/en/accounts/login/", {"login": user.email, "password": password}, REMOTE_ADDR=address
    )


def test_failed_sign_ins_lock_the_account_only_from_the_attackers_address(client):
    user = applicant()
    attempts = [sign_in(client, user, "not-the-password", "203.0.113.9").status_code for _ in range(5)]

    locked = sign_in(client, user, PASSWORD, "203.0.113.9")
    owner = sign_in(client, user, PASSWORD, "198.51.100.20")

    assert attempts == [200] * 5
    assert locked.status_code == 200
    assert TOO_MANY in locked.content.decode()
    assert (owner.status_code, owner["Location"]) == (302, "/en/")


def test_sign_ups_are_limited_per_address(client):
    responses = [
        client.post(
            "/en/accounts/signup/",
            {"email": f"new{index}@example.be", "password1": PASSWORD, "password2": PASSWORD},
            REMOTE_ADDR="203.0.113.10",
        )
        for index in range(11)
    ]

    assert [response.status_code for response in responses] == [302] * 10 + [429]
    assert "Please wait a few minutes, then try again." in responses[-1].content.decode()


def test_password_resets_are_limited_per_address(client):
    user = applicant()
    answers = [
        client.post(
            "/en/accounts/password/reset/", {"email": user.email}, REMOTE_ADDR="203.0.113.11"
        ).status_code
        for _ in range(4)
    ]

    assert answers == [302, 302, 302, 429]


def test_verification_emails_are_not_resent_within_three_minutes(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    EmailAddress.objects.filter(user=user).update(verified=False)
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.post("/en/accounts/email/", {"action_send": "", "email": user.email})

    assert [message.to for message in mail.outbox] == [[user.email]]
