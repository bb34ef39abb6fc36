"""Sign-ins, failed sign-ins, sign-outs, refusals, jurors' downloads and admin changes
are in the audit log, without any password."""

import json

import pytest

from clusters.models import Organisation
from vouchers.tests.pipeline import scored_call
from wecd_portal.core.models import AuditEntry
from wecd_portal.tests.factories import PASSWORD, applicant, staff_member

pytestmark = pytest.mark.django_db


def actions():
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def test_sign_in_failed_sign_in_and_sign_out_are_audited_without_the_password(client):
    user = applicant()

    client.post("/en/accounts/login/", {"login": user.email, "password": "wrong-password-123"})
    client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    client.post("/en/accounts/logout/")

    assert actions() == ["auth.login_failed", "auth.login", "auth.logout"]
    failed = AuditEntry.objects.get(action="auth.login_failed")
    assert failed.data == {"login": user.email, "ip": "127.0.0.1"}
    everything = json.dumps(list(AuditEntry.objects.values("data", "target_label")))
    assert "wrong-password-123" not in everything
    assert PASSWORD not in everything


def test_a_refusal_is_audited(client):
    user = applicant()
    client.force_login(user)

    response = client.get("/en/clusters/")

    assert response.status_code == 403
    entry = AuditEntry.objects.get(action="auth.forbidden")
    assert (entry.actor, entry.data["path"], entry.data["method"]) == (user, "/en/clusters/", "GET")


def test_a_jurors_download_is_audited_and_the_owners_is_not(client):
    _call, (application,), (member,) = scored_call(1)
    attachment = application.attachments.first()

    client.force_login(application.owner)
    client.get(f"/en/files/{attachment.public_id}/")
    client.force_login(member)
    response = client.get(f"/en/files/{attachment.public_id}/")

    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="attachment.downloaded")
    assert (entry.actor, entry.target_label, entry.data["sha256"]) == (
        member,
        application.reference,
        attachment.sha256,
    )


def test_an_admin_change_is_audited(client):
    staff = staff_member()
    client.force_login(staff)
    organisation = Organisation.objects.get(name="Skywin")

    response = client.post(
        f"/en/admin/clusters/organisation/{organisation.pk}/change/",
        {
            "kind": "pole",
            "name": "Skywin",
            "acronym": "Skywin",
            "sector": "Aerospace",
            "website": "",
            "member_count": "120",
            "recognised_since": "2006",
            "active": "on",
            "notes": "",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.changed")
    assert (entry.actor, entry.data["model"], entry.data["object"]) == (
        staff,
        "clusters.organisation",
        "Skywin",
    )
    assert entry.data["change"] == "Changed Member companies."
