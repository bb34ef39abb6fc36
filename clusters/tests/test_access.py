"""Who may open the clusters pages, and what a cluster liaison may not open."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clusters.services import action_file_add
from clusters.tests.fixtures import world
from vouchers.tests.factories import pdf_bytes
from wecd_portal.tests.factories import applicant, cluster_liaison, juror, staff_member

pytestmark = pytest.mark.django_db


def clusters_urls(w, file_id):
    return [
        "/en/clusters/",
        "/en/clusters/actions/",
        "/en/clusters/actions/calendar/",
        f"/en/clusters/actions/{w.actions['a1'].pk}/",
        "/en/clusters/organisations/",
        f"/en/clusters/organisations/{w.pole.pk}/",
        "/en/clusters/leads/",
        "/en/clusters/needs/",
        "/en/clusters/actions/?export=csv",
        f"/en/clusters/files/{file_id}/",
    ]


@pytest.mark.parametrize(
    ("make_user", "expected"),
    [(None, 302), (applicant, 403), (juror, 403), (cluster_liaison, 200), (staff_member, 200)],
)
def test_every_clusters_page_by_role(client, make_user, expected):
    w = world()
    item = action_file_add(
        action=w.actions["a1"],
        actor=staff_member(),
        kind="slides",
        uploaded_file=SimpleUploadedFile("slides.pdf", pdf_bytes(), content_type="application/pdf"),
    )
    if make_user:
        client.force_login(make_user())

    answers = [client.get(url).status_code for url in clusters_urls(w, item.public_id)]

    assert answers == [expected] * 10


def test_the_french_paths_answer_too(client):
    world()
    client.force_login(cluster_liaison())

    assert client.get("/clusters/organisations/").status_code == 200


def test_a_liaison_cannot_open_applications(client):
    w = world()
    client.force_login(cluster_liaison())
    x1 = w.applications["x1"]

    answers = [
        client.get(f"/en/admin/vouchers/application/{x1.pk}/change/").status_code,
        client.get("/en/admin/vouchers/application/").status_code,
        client.get("/en/admin/vouchers/company/").status_code,
        client.get(f"/en/applications/{x1.public_id}/").status_code,
        client.get(f"/en/applications/{x1.public_id}/receipt/").status_code,
    ]
    organisation_page = client.get(f"/en/clusters/organisations/{w.pole.pk}/").content.decode()

    assert answers == [403, 403, 403, 404, 404]
    assert "Project x1" not in organisation_page  # counts only, not the applications' content
    assert 'data-followed="3"' in organisation_page


def test_staff_see_the_applications_that_followed(client):
    w = world()
    client.force_login(staff_member())

    page = client.get(f"/en/clusters/organisations/{w.pole.pk}/").content.decode()

    assert "Project x1" in page
    assert "Project x3" not in page  # a draft


def test_a_liaison_manages_clusters_data_in_the_admin(client):
    world()
    client.force_login(cluster_liaison())

    answers = [
        client.get(f"/en/admin/clusters/{model}/").status_code
        for model in ("organisation", "awarenessaction", "needassessment", "lead")
    ]

    assert answers == [200, 200, 200, 200]
