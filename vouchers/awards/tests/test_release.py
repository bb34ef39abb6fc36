"""Results release: one message per application with its letter; the public page."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from vouchers.awards.services.letters import letter_render
from vouchers.awards.services.release import results_release
from vouchers.intake.models import Application
from vouchers.tests.pipeline import decided, ready
from wecd_portal.notifications.models import OutboxMessage
from wecd_portal.tests.factories import applicant, juror, staff_member

pytestmark = pytest.mark.django_db


def test_release_sends_exactly_one_message_per_application_with_its_letter(
    django_capture_on_commit_callbacks,
):
    call, applications = ready()

    with django_capture_on_commit_callbacks(execute=True):
        count = results_release(call=call, actor=staff_member())

    assert count == 3
    assert OutboxMessage.objects.filter(template="results").count() == 3
    assert len(mail.outbox) == 3
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects[0].startswith("Results of the call")
    first = next(m for m in mail.outbox if applications[0].reference in m.subject)
    assert first.attachments[0][0] == f"{applications[0].reference}-award-letter.pdf"
    assert "receives a creativity voucher" in first.body
    assert len(first.to) == len(set(first.to))
    with pytest.raises(ValidationError) as error:
        results_release(call=call, actor=staff_member())
    assert error.value.code == "already_released"


def test_release_waits_for_every_letter():
    call, applications = decided(count=2, vouchers=1)
    letter_render(application=applications[0])

    with pytest.raises(ValidationError) as error:
        results_release(call=call, actor=staff_member())

    assert [problem.code for problem in error.value.error_list] == ["letters_missing"]
    assert OutboxMessage.objects.filter(template="results").count() == 0


def test_public_results_page_lists_only_released_awards(client):
    call, (winner, *_others) = ready()
    before = client.get("/en/results/").content.decode()

    results_release(call=call, actor=staff_member())
    after = client.get("/en/results/").content.decode()
    french = client.get("/resultats/").content.decode()

    assert winner.title not in before
    assert "No results have been published yet." in before
    assert after.count("data-voucher=") == 1
    assert winner.title in after and "€6,000" in after and "Menuiserie Lambert 1" in after
    assert "6\u202f000\xa0€" in french


def test_staff_preview_then_release_from_the_admin(client, django_capture_on_commit_callbacks):
    call, (winner, *_others) = ready()
    client.force_login(staff_member())
    url = f"/en/admin/vouchers/call/{call.pk}/release/"

    preview = client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    assert "3 messages will be sent, each with its letter" in preview
    assert winner.reference in preview
    assert len(mail.outbox) == 3
    assert Application.objects.get(pk=winner.pk).call.results_published_at is not None


@pytest.mark.parametrize("make_user", [applicant, juror])
def test_only_staff_release(client, make_user):
    call, _applications = ready()
    client.force_login(make_user())

    response = client.post(f"/en/admin/vouchers/call/{call.pk}/release/")

    assert response.status_code == 302
    assert OutboxMessage.objects.filter(template="results").count() == 0


@pytest.mark.parametrize("count", [1, 3])
def test_results_page_query_count_is_constant(client, django_assert_num_queries, count):
    call, _applications = ready(count=count, vouchers=count)
    results_release(call=call, actor=staff_member())

    with django_assert_num_queries(2):
        response = client.get("/en/results/")

    assert response.content.decode().count("data-voucher=") == count
