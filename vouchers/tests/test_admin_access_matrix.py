"""Who may open the staff pages added for eligibility, jury and awards."""

import pytest

from vouchers.tests.pipeline import decided
from wecd_portal.tests.factories import applicant, juror, staff_member

pytestmark = pytest.mark.django_db

LISTS = [
    "/en/admin/vouchers/eligibilityresult/",
    "/en/admin/vouchers/assignment/",
    "/en/admin/vouchers/companyconflict/",
    "/en/admin/vouchers/review/",
    "/en/admin/vouchers/awarddecision/",
    "/en/admin/vouchers/letter/",
    "/en/admin/vouchers/voucherfollowup/",
]


def pages(call, application):
    return [
        *LISTS,
        f"/en/admin/vouchers/call/{call.pk}/ranking/",
        f"/en/admin/vouchers/call/{call.pk}/unfreeze/",
        f"/en/admin/vouchers/call/{call.pk}/awards/",
        f"/en/admin/vouchers/call/{call.pk}/release/",
        f"/en/admin/vouchers/call/{call.pk}/vouchers/",
        f"/en/admin/vouchers/call/{call.pk}/ranking/{application.pk}/consensus/",
    ]


@pytest.mark.parametrize("make_user", [None, applicant, juror])
def test_non_staff_are_sent_to_the_login_page(client, make_user):
    call, (application, *_rest) = decided()
    if make_user:
        client.force_login(make_user())

    for url in [*pages(call, application), f"/en/admin/vouchers/call/{call.pk}/freeze/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/en/admin/login/"), url


def test_staff_open_every_page(client):
    call, (application, *_rest) = decided()
    client.force_login(staff_member())

    for url in pages(call, application):
        assert client.get(url).status_code == 200, url
    # The call is frozen: its freeze page sends staff back to the ranking.
    frozen = client.get(f"/en/admin/vouchers/call/{call.pk}/freeze/")
    assert (frozen.status_code, frozen["Location"]) == (302, f"/en/admin/vouchers/call/{call.pk}/ranking/")


@pytest.mark.parametrize("count", [1, 3])
def test_the_award_decisions_page_runs_the_same_queries_at_any_size(client, django_assert_num_queries, count):
    call, _applications = decided(count=count, vouchers=1)
    client.force_login(staff_member())
    client.get(f"/en/admin/vouchers/call/{call.pk}/awards/")  # warm the session and the caches

    with django_assert_num_queries(10):
        response = client.get(f"/en/admin/vouchers/call/{call.pk}/awards/")

    assert response.status_code == 200
    assert len(response.context["decisions"]) == count
