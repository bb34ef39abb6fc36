import re

import pytest
from django.contrib.auth.hashers import get_hasher
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import IntegrityError

from wecd_portal.accounts.models import User
from wecd_portal.notifications.models import OutboxMessage
from wecd_portal.tests.factories import (
    PASSWORD,
    UserFactory,
    applicant,
    cluster_liaison,
    juror,
    staff_member,
    totp_code,
)

pytestmark = pytest.mark.django_db


def test_role_groups_exist_after_migrate():
    assert sorted(Group.objects.values_list("name", flat=True)) == [
        "Applicant",
        "ClusterLiaison",
        "Juror",
        "Staff",
    ]


CLUSTERS_CODENAMES = sorted(
    [
        f"{verb}_{model}"
        for model in (
            "actionfile",
            "attendee",
            "awarenessaction",
            "contact",
            "lead",
            "needassessment",
            "needitem",
            "organisation",
        )
        for verb in ("add", "change", "delete", "view")
    ]
    + ["view_leadstatuschange"]
)


def test_cluster_liaisons_get_the_clusters_permissions_and_nothing_else():
    permissions = Group.objects.get(name="ClusterLiaison").permissions.all()

    assert sorted(permission.codename for permission in permissions) == CLUSTERS_CODENAMES
    assert {permission.content_type.app_label for permission in permissions} == {"clusters"}


def test_staff_group_gets_its_admin_permissions():
    codenames = sorted(Group.objects.get(name="Staff").permissions.values_list("codename", flat=True))

    assert [name for name in codenames if name in CLUSTERS_CODENAMES] == CLUSTERS_CODENAMES
    assert [name for name in codenames if name not in CLUSTERS_CODENAMES] == [
        "add_assignment",
        "add_call",
        "add_companyconflict",
        "add_criterion",
        "add_jurymember",
        "change_awarddecision",
        "change_call",
        "change_criterion",
        "change_eligibilityresult",
        "change_jurymember",
        "change_review",
        "change_voucherfollowup",
        "delete_assignment",
        "delete_criterion",
        "delete_jurymember",
        "view_application",
        "view_applicationparty",
        "view_assignment",
        "view_attachment",
        "view_auditentry",
        "view_awarddecision",
        "view_call",
        "view_company",
        "view_companyconflict",
        "view_consensus",
        "view_criterion",
        "view_eligibilityresult",
        "view_finalreport",
        "view_followupfile",
        "view_jurymember",
        "view_letter",
        "view_mailbounce",
        "view_outboxmessage",
        "view_paymentclaim",
        "view_pendingwork",
        "view_rankingsnapshot",
        "view_review",
        "view_score",
        "view_user",
        "view_voucherfollowup",
    ]


def test_user_email_is_unique_whatever_its_case():
    UserFactory(email="Anne@Example.be")

    with pytest.raises(IntegrityError):
        User.objects.create(email="anne@EXAMPLE.be")


def test_signup_sends_verification_email_then_login_works_after_confirmation(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/accounts/signup/",
            {"email": "new.sme@example.be", "password1": PASSWORD, "password2": PASSWORD},
        )

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    user = User.objects.get(email="new.sme@example.be")
    assert [group.name for group in user.groups.all()] == ["Applicant"]
    assert user.language == "en"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.sme@example.be"]
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT

    # Not verified yet: logging in only re-sends the verification notice.
    response = client.post("/en/accounts/login/", {"login": "new.sme@example.be", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    confirm_path = re.search(r"http://testserver(/en/accounts/confirm-email/[^/\s]+/)", mail.outbox[0].body)[
        1
    ]
    assert client.get(confirm_path).status_code == 200
    assert client.post(confirm_path).status_code == 302

    response = client.post("/en/accounts/login/", {"login": "New.SME@example.be", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_in_french_sends_the_verification_email_in_french(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/", {"email": "pme@example.be", "password1": PASSWORD, "password2": PASSWORD}
        )

    assert User.objects.get(email="pme@example.be").language == "fr"
    assert OutboxMessage.objects.get().language == "fr"
    assert "Confirmez" in mail.outbox[0].subject


def test_signup_with_mismatched_passwords_keeps_the_email_and_says_why(client):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "keep.me@example.be", "password1": PASSWORD, "password2": "other-pass-123"},
    )

    assert response.status_code == 200
    assert 'value="keep.me@example.be"' in response.content.decode()
    assert "You must type the same password each time." in response.content.decode()
    assert User.objects.filter(email="keep.me@example.be").count() == 0


def test_a_sign_up_with_a_known_address_costs_the_same_password_hash_as_a_new_one(client, monkeypatch):
    existing = applicant(email="connue@example.be")
    hasher = get_hasher()
    hashes = []
    original = type(hasher).encode
    monkeypatch.setattr(type(hasher), "encode", lambda self, *args: hashes.append(1) or original(self, *args))

    def sign_up(email):
        hashes.clear()
        response = client.post(
            "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
        )
        client.logout()
        return response.status_code, response["Location"], len(hashes)

    known = sign_up(existing.email)
    new = sign_up("nouvelle@example.be")

    # The same answer, and the same work: timing tells nothing of which has an account.
    assert known == new == (302, "/accounts/confirm-email/", 1)
    assert User.objects.filter(email__iexact="connue@example.be").count() == 1


def test_admin_login_goes_through_the_portal_login(client):
    response = client.get("/admin/login/?next=/admin/vouchers/call/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fvouchers%2Fcall%2F"


def test_admin_index_redirects_anonymous_to_portal_login(client):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain == [
        ("/admin/login/?next=/admin/", 302),
        ("/accounts/login/?next=%2Fadmin%2F", 302),
    ]


def test_admin_refuses_an_applicant_without_looping(client):
    client.force_login(applicant())

    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_staff_member_logs_in_through_portal_and_reaches_admin(client):
    staff = staff_member(email="staff@example.be")

    response = client.post("/accounts/login/?next=/admin/", {"login": staff.email, "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/accounts/2fa/authenticate/")
    assert client.get("/admin/").status_code == 302  # not signed in before the second factor
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    right = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert wrong.status_code == 200
    assert (right.status_code, right["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("make_user", "url"),
    [(staff_member, "/en/admin/"), (juror, "/en/jury/"), (cluster_liaison, "/en/clusters/")],
)
def test_staff_jurors_and_liaisons_must_set_up_two_factor_before_anything_else(client, make_user, url):
    client.force_login(make_user(totp=False))

    refused = client.get(url)
    public = client.get("/en/")
    setup = client.get("/en/accounts/2fa/totp/activate/")

    assert (refused.status_code, refused["Location"]) == (302, "/en/accounts/2fa/totp/activate/")
    assert public.status_code == 200
    # allauth asks for the password again before activation: no loop back to our redirect.
    assert setup["Location"].startswith("/en/accounts/reauthenticate/")


def test_applicants_are_not_asked_for_two_factor(client):
    client.force_login(applicant())

    assert client.get("/en/applications/").status_code == 200


def test_password_reset_email_goes_through_the_outbox_and_sets_a_new_password(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="forgot@example.be")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/password/reset/", {"email": "forgot@example.be"})

    assert response.status_code == 302
    assert OutboxMessage.objects.get().recipients == ["forgot@example.be"]
    reset_path = re.search(r"http://testserver(/en/accounts/password/reset/key/\S+/)", mail.outbox[0].body)[1]
    form_url = client.get(reset_path)["Location"]
    new_password = "a-brand-new-passphrase-42"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_staff_cannot_read_login_links_in_the_outbox(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        client.post("/en/accounts/password/reset/", {"email": UserFactory(email="boss@example.be").email})
    message = OutboxMessage.objects.get()
    client.force_login(staff_member())

    html = client.get(f"/en/admin/notifications/outboxmessage/{message.pk}/change/").content.decode()

    assert message.sensitive is True
    assert "/accounts/password/reset/key/" in message.body_text
    assert "/accounts/password/reset/key/" not in html
    assert "Hidden: this message carries a personal login, verification or reset link." in html


def test_verification_email_names_the_site_and_the_address(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/accounts/signup/", {"email": "duo@example.be", "password1": PASSWORD, "password2": PASSWORD}
        )

    assert "Hello from testserver!" in mail.outbox[0].body
    assert "Hello from !" not in mail.outbox[0].body


def test_logout_ends_the_session_on_the_server(client):
    client.force_login(applicant())
    session_key = client.session.session_key

    response = client.post("/en/accounts/logout/")

    assert response.status_code == 302
    assert Session.objects.filter(session_key=session_key).count() == 0
    assert "_auth_user_id" not in client.session


def test_email_change_sends_a_verification_to_the_new_address(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="old@example.be")
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/email/", {"action_add": "", "email": "new@example.be"})

    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new@example.be"]
    user.refresh_from_db()
    assert user.email == "old@example.be"
