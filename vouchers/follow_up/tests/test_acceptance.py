"""After the release: the awarded applicant accepts or declines; the reserve list moves up."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from vouchers.awards.models import AwardDecision
from vouchers.awards.services.decisions import awards_expire
from vouchers.awards.services.release import results_release
from vouchers.follow_up.services.acceptance import award_respond
from vouchers.tests.pipeline import decision_of, ready, released
from wecd_portal.core.models import AuditEntry
from wecd_portal.tests.factories import applicant, staff_member

pytestmark = pytest.mark.django_db


def test_release_asks_the_awarded_applicant_to_answer_before_a_deadline():
    call, (winner, *_others) = released()

    decision = decision_of(winner)

    assert decision.response == "pending"
    assert decision.accept_by == timezone.localdate() + dt.timedelta(days=call.acceptance_days)


def test_accepting_the_voucher(client):
    _call, (winner, *_others) = released()
    client.force_login(winner.owner)

    response = client.post(f"/en/applications/{winner.public_id}/voucher/", {"answer": "accept"})

    assert response.status_code == 302
    assert decision_of(winner).response == "accepted"
    assert AuditEntry.objects.filter(action="awards.accepted").count() == 1


def test_a_decline_offers_the_voucher_to_the_first_reserve(django_capture_on_commit_callbacks):
    call, (winner, first_reserve, second_reserve) = released()

    with django_capture_on_commit_callbacks(execute=True):
        award_respond(
            decision=decision_of(winner), actor=winner.owner, accept=False, reason="Projet abandonné."
        )

    promoted = decision_of(first_reserve)
    assert decision_of(winner).response == "declined"
    assert (promoted.outcome, promoted.response, promoted.voucher_code) == (
        "awarded",
        "pending",
        "WECD-V-2014-02",
    )
    assert decision_of(second_reserve).outcome == "reserve"
    assert (
        AwardDecision.objects.filter(call=call, outcome="awarded").exclude(response="declined").count() == 1
    )
    assert any("is offered" in message.subject for message in mail.outbox)
    assert sorted(first_reserve.letters.values_list("kind", flat=True)) == ["award", "reserve"]


def test_a_promotion_is_stored_as_a_fact_and_shown_in_the_readers_language():
    _call, (winner, first_reserve, _second) = released()

    award_respond(decision=decision_of(winner), actor=winner.owner, accept=False, reason="Projet abandonné.")

    promoted = decision_of(first_reserve)
    assert (promoted.promoted_at is not None, promoted.justification) == (True, "")
    with translation.override("fr"):
        assert promoted.justification_shown == "Repêché de la liste de réserve\u00a0: un chèque s’est libéré."
    with translation.override("en"):
        assert promoted.justification_shown == "Promoted from the reserve list: a voucher was freed."
    assert decision_of(winner).promoted_at is None


def test_an_unanswered_voucher_expires_and_moves_down_the_list():
    _call, (winner, first_reserve, _second) = released()
    AwardDecision.objects.filter(application=winner).update(
        accept_by=timezone.localdate() - dt.timedelta(days=1)
    )

    assert awards_expire() == 1
    assert awards_expire() == 0

    assert decision_of(winner).response == "expired"
    assert decision_of(first_reserve).outcome == "awarded"


def test_only_the_applicant_answers_and_only_once_in_time(english):
    _call, (winner, *_others) = released()
    decision = decision_of(winner)

    with pytest.raises(ValidationError) as error:
        award_respond(decision=decision, actor=applicant(), accept=True)
    assert error.value.code == "not_owner"
    with pytest.raises(ValidationError) as error:
        award_respond(decision=decision, actor=winner.owner, accept=False, reason="")
    assert error.value.code == "reason_required"
    AwardDecision.objects.filter(pk=decision.pk).update(accept_by=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        award_respond(decision=decision, actor=winner.owner, accept=True)
    assert error.value.code == "too_late"


def test_the_applicant_reads_the_letter_only_after_the_release(client):
    call, applications = ready()
    winner = applications[0]
    letter = winner.letters.get()
    client.force_login(winner.owner)

    before = client.get(f"/en/letters/{letter.pk}/").status_code
    results_release(call=call, actor=staff_member())
    after = client.get(f"/en/letters/{letter.pk}/")
    page = client.get(f"/en/applications/{winner.public_id}/").content.decode()

    assert (before, after.status_code) == (404, 200)
    assert "Creativity voucher WECD-V-2014-01" in page
    client.force_login(applicant())
    assert client.get(f"/en/letters/{letter.pk}/").status_code == 404


def test_the_promotion_note_reads_in_the_staff_members_language(client):
    call, (winner, first_reserve, _second) = released()
    award_respond(decision=decision_of(winner), actor=winner.owner, accept=False, reason="Projet abandonné.")
    client.force_login(staff_member())

    french = client.get(f"/admin/vouchers/call/{call.pk}/awards/").content.decode()
    english = client.get(f"/en/admin/vouchers/call/{call.pk}/awards/").content.decode()

    assert decision_of(first_reserve).promoted_at is not None
    assert "Repêché de la liste de réserve" in french and "Repêché" not in english
    assert "Promoted from the reserve list: a voucher was freed." in english
