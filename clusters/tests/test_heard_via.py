"""The applicant names the organisation or the action they heard of the call through."""

import datetime as dt

import pytest
from django.utils import timezone

from clusters.models import Organisation
from clusters.tests.fixtures import action
from vouchers.models import Application
from vouchers.tests.factories import CallFactory, complete_application
from wecd_portal.tests.factories import applicant

pytestmark = pytest.mark.django_db


def test_the_origin_section_keeps_only_the_link_matching_the_answer(client):
    owner = applicant()
    application = complete_application(call=CallFactory(), owner=owner, seed=811)
    pole = Organisation.objects.get(name="Wagralim")
    session = action("Creative day", timezone.now() - dt.timedelta(days=20), [pole])
    client.force_login(owner)
    url = f"/en/applications/{application.public_id}/origin/"

    page = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "origin-heard_via": "awareness_action",
            "origin-heard_via_organisation": str(pole.pk),
            "origin-heard_via_action": str(session.pk),
            "origin-heard_via_detail": "",
            "save_and_stay": "1",
        },
    )

    assert "Creative day" in page
    assert response.status_code == 302
    saved = Application.objects.get(pk=application.pk)
    assert (saved.heard_via, saved.heard_via_organisation, saved.heard_via_action) == (
        "awareness_action",
        None,
        session,
    )
