"""Who may see the admin pages of this issue, and what their list pages cost."""

import pytest

from vouchers.awards.tasks import letter_render_task
from vouchers.tests.factories import CallFactory, complete_application
from wecd_portal.audit import audit_record
from wecd_portal.core.models import AuditEntry
from wecd_portal.core.work import work_request
from wecd_portal.notifications.services import outbox_queue
from wecd_portal.tests.factories import applicant, juror, staff_member

pytestmark = pytest.mark.django_db

ADMIN_LISTS = [
    "/en/admin/vouchers/call/",
    "/en/admin/notifications/outboxmessage/",
    "/en/admin/core/auditentry/",
    "/en/admin/core/pendingwork/",
]


@pytest.mark.parametrize("url", ADMIN_LISTS)
def test_anonymous_visitor_is_sent_to_the_login_page(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/en/admin/login/?next={url}"


@pytest.mark.parametrize("make_user", [applicant, juror])
@pytest.mark.parametrize("url", ADMIN_LISTS)
def test_applicants_and_jurors_do_not_reach_the_admin(client, url, make_user):
    client.force_login(make_user())

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/admin/login/")


@pytest.mark.parametrize("url", ADMIN_LISTS)
def test_staff_see_the_admin_lists(client, url):
    client.force_login(staff_member())

    assert client.get(url).status_code == 200


def test_staff_cannot_add_change_or_delete_audit_entries(client):
    staff = staff_member()
    entry = audit_record(actor=staff, action="call.changed", data={"voucher_count": "12"})
    client.force_login(staff)

    assert client.get("/en/admin/core/auditentry/add/").status_code == 403
    assert client.post(f"/en/admin/core/auditentry/{entry.pk}/delete/").status_code == 403
    assert client.get(f"/en/admin/core/auditentry/{entry.pk}/change/").status_code == 200
    # The entry is still there; the refusals and the sign-in were recorded beside it.
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "call.changed",
        "auth.login",
        "auth.forbidden",
        "auth.forbidden",
    ]


def test_staff_preview_an_outbox_message(client):
    message = outbox_queue(
        template="outbox_test",
        recipients=["pme@example.be"],
        language="fr",
        context={"requested_by": "staff"},
    )
    client.force_login(staff_member())

    html = client.get(f"/en/admin/notifications/outboxmessage/{message.pk}/change/").content.decode()

    assert "[WECD] Message de test du portail" in html
    assert "Demandé par : staff" in html
    assert "&lt;p&gt;Bonjour,&lt;/p&gt;" in html


def test_audit_record_keeps_actor_target_and_data():
    staff = staff_member(email="sophie@example.be")
    call = CallFactory(name_fr="Appel 2027")

    entry = audit_record(actor=staff, action="call.changed", target=call, data={"voucher_count": "12"})

    entry.refresh_from_db()
    assert (entry.actor_label, entry.action, entry.target_id, entry.target_label) == (
        "sophie@example.be",
        "call.changed",
        str(call.pk),
        "Appel 2027",
    )
    assert entry.data == {"voucher_count": "12"}
    assert entry.created_at.tzinfo is not None


def test_audit_record_without_actor_is_the_system():
    assert audit_record(actor=None, action="outbox.swept").actor_label == "system"


def make_rows(kind, count, staff):
    for index in range(count):
        if kind == "call":
            CallFactory()
        elif kind == "outbox":
            outbox_queue(
                template="outbox_test",
                recipients=[f"r{index}@example.be"],
                language="en",
                context={"requested_by": "count"},
            )
        elif kind == "work":
            work_request(letter_render_task, application_id=1000 + index)
        else:
            audit_record(actor=staff, action="call.changed", target=CallFactory())


@pytest.mark.parametrize(
    ("kind", "url", "queries"),
    [
        ("call", "/en/admin/vouchers/call/", 9),
        ("outbox", "/en/admin/notifications/outboxmessage/", 12),
        ("audit", "/en/admin/core/auditentry/", 13),
        ("work", "/en/admin/core/pendingwork/", 12),
    ],
)
def test_admin_list_query_count_is_the_same_for_one_and_three_rows(
    client, django_assert_num_queries, kind, url, queries
):
    staff = staff_member()
    client.force_login(staff)
    make_rows(kind, 1, staff)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    make_rows(kind, 2, staff)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_background_tasks_read_in_words_with_their_application(client):
    staff = staff_member()
    application = complete_application(call=CallFactory(), owner=applicant(), seed=5)
    type(application).objects.filter(pk=application.pk).update(reference="WECD-2014-042")
    work_request(letter_render_task, application_id=application.pk)
    client.force_login(staff)

    html = " ".join(client.get("/admin/core/pendingwork/").content.decode().split())

    assert "Courrier de décision – WECD-2014-042" in html
    assert ">vouchers.letter_render<" not in html  # only in the filter's links, never shown
    assert "En attente" in html
