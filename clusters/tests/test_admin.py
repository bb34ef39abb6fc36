"""Recording the clusters work in the admin, as a cluster liaison."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clusters.models import ActionFile, AwarenessAction, Lead
from clusters.tests.fixtures import organisation
from vouchers.tests.factories import pdf_bytes
from wecd_portal.tests.factories import cluster_liaison

pytestmark = pytest.mark.django_db


def management(prefix, initial=0):
    return {f"{prefix}-TOTAL_FORMS": str(initial), f"{prefix}-INITIAL_FORMS": str(initial)}


def lead_data(pole, **overrides):
    data = {
        "organisation": str(pole.pk),
        "member_name": "Biscuits SA",
        "need_summary": "A new box",
        "identified_on": "2014-09-01",
        "status": "identified",
        "notes": "",
        "status_note": "",
        **management("history"),
    }
    data.update(overrides)
    return data


def test_a_liaison_records_a_lead_and_moves_it(client):
    pole = organisation("Pole", "pole")
    client.force_login(cluster_liaison())

    created = client.post("/en/admin/clusters/lead/add/", lead_data(pole))
    lead = Lead.objects.get()
    history = management("history", initial=1) | {
        "history-0-id": str(lead.history.get().pk),
        "history-0-lead": str(lead.pk),
    }
    moved = client.post(
        f"/en/admin/clusters/lead/{lead.pk}/change/",
        lead_data(pole, status="contracted", status_note="Signed") | history,
    )
    refused = client.post(
        f"/en/admin/clusters/lead/{lead.pk}/change/", lead_data(pole, status="introduced") | history
    )

    assert (created.status_code, moved.status_code, refused.status_code) == (302, 302, 200)
    lead.refresh_from_db()
    assert (lead.status, lead.furthest_rank) == ("contracted", 3)
    assert list(lead.history.values_list("to_status", "note")) == [
        ("identified", ""),
        ("contracted", "Signed"),
    ]
    assert "A lead “Contracted” cannot move to “Introduced”." in refused.content.decode()


def action_data(pole, **overrides):
    data = {
        "kind": "workshop",
        "title": "Design and packaging",
        "status": "held",
        "starts_at_0": "2014-09-10",
        "starts_at_1": "14:00:00",
        "ends_at_0": "",
        "ends_at_1": "",
        "place": "Gembloux",
        "organisations": [str(pole.pk)],
        "audience_sme": "12",
        "audience_creative": "4",
        "audience_cluster_staff": "2",
        "audience_other": "0",
        "description": "",
        "outcomes": "",
        "follow_ups": "",
        "upload_kind": "slides",
        **management("attendees"),
        **management("files"),
    }
    data.update(overrides)
    return data


def test_an_action_with_a_checked_document(client):
    pole = organisation("Pole", "pole")
    client.force_login(cluster_liaison())

    refused = client.post(
        "/en/admin/clusters/awarenessaction/add/",
        action_data(pole, upload=SimpleUploadedFile("slides.pdf", b"<html>not a pdf</html>")),
    )
    accepted = client.post(
        "/en/admin/clusters/awarenessaction/add/",
        action_data(pole, upload=SimpleUploadedFile("slides.pdf", pdf_bytes())),
    )

    assert refused.status_code == 200
    assert "is not a PDF / PNG / JPEG file" in refused.content.decode()
    assert 'value="Design and packaging"' in refused.content.decode()
    assert accepted.status_code == 302
    action = AwarenessAction.objects.get()
    assert list(action.organisations.all()) == [pole]
    assert list(ActionFile.objects.values_list("kind", "original_name")) == [("slides", "slides.pdf")]
