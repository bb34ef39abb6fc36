"""Online scoring: drafts, justification at the extremes, submission locks, staff reopen,
no peer scores before one's own submission, reminders."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from vouchers.jury.criteria import PILOT_CRITERIA
from vouchers.jury.models import ConflictDeclaration, Criterion, Review
from vouchers.jury.services.assignment import assignment_run, conflict_declare
from vouchers.jury.services.review_reminders import review_reminders_send
from vouchers.jury.services.reviews import review_reopen, review_save, review_submit
from vouchers.tests.pipeline import eligible, open_call, seat
from wecd_portal.core.models import AuditEntry
from wecd_portal.tests.factories import staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    call = open_call()
    call.jurors_per_application = 2
    call.save()
    for values in PILOT_CRITERIA:
        Criterion.objects.create(call=call, **values)
    application = eligible(call, 1)
    jurors = seat(call, 2)
    assignment_run(call=call)
    for juror in jurors:
        conflict_declare(application=application, juror=juror, conflicted_numbers=[])
    return call, application, jurors


def full_answers(call, score="7", justification=""):
    return {
        criterion.pk: (score, f"Commentaire sur {criterion.code}", justification)
        for criterion in Criterion.objects.filter(call=call)
    }


def test_a_complete_review_is_submitted_then_locked(setup):
    call, application, (juror, _other) = setup
    review = review_save(
        application=application, juror=juror, answers=full_answers(call), overall_comment="Solide."
    )

    review_submit(review=review, juror=juror)

    review.refresh_from_db()
    assert review.status == "submitted"
    assert review.weighted_total(list(Criterion.objects.filter(call=call))) == Decimal("70")
    assert AuditEntry.objects.get(action="review.submitted").data["scores"]["added-value"] == "7.0"
    with pytest.raises(ValidationError) as error:
        review_save(
            application=application, juror=juror, answers=full_answers(call, "9"), overall_comment="x"
        )
    assert error.value.code == "locked"


def test_extreme_scores_need_a_justification(setup, english):
    call, application, (juror, _other) = setup
    review = review_save(
        application=application, juror=juror, answers=full_answers(call, "10"), overall_comment="x"
    )

    with pytest.raises(ValidationError) as error:
        review_submit(review=review, juror=juror)

    assert (
        error.value.messages[0]
        == "Creative added value beyond aesthetics: justify the score of 10, at the end of the scale."
    )
    review = review_save(
        application=application,
        juror=juror,
        answers=full_answers(call, "10", "Exceptionnel."),
        overall_comment="x",
    )
    assert review_submit(review=review, juror=juror).status == "submitted"


@pytest.mark.parametrize(
    ("score", "code"),
    [("11", "score_range"), ("-1", "score_range"), ("7.3", "score_range"), ("sept", "score_format")],
)
def test_out_of_range_scores_are_refused(setup, score, code):
    call, application, (juror, _other) = setup

    with pytest.raises(ValidationError) as error:
        review_save(
            application=application, juror=juror, answers=full_answers(call, score), overall_comment=""
        )

    assert len(error.value.messages) == 4
    assert Review.objects.count() == 0


def test_staff_reopen_a_review_with_a_reason(setup):
    call, application, (juror, _other) = setup
    review = review_save(
        application=application, juror=juror, answers=full_answers(call), overall_comment="x"
    )
    review_submit(review=review, juror=juror)

    with pytest.raises(ValidationError) as error:
        review_reopen(review=review, actor=staff_member(), reason="")
    assert error.value.code == "reason_required"
    review_reopen(review=review, actor=staff_member(), reason="Erreur de saisie signalée.")

    review.refresh_from_db()
    assert (review.status, review.submitted_at) == ("draft", None)
    assert AuditEntry.objects.get(action="review.reopened").data["reason"] == "Erreur de saisie signalée."


def test_no_peer_scores_before_submitting_and_only_if_the_call_allows(client, setup):
    call, application, (juror, other) = setup
    peer = review_save(
        application=application, juror=other, answers=full_answers(call, "3"), overall_comment="Faible."
    )
    review_submit(review=peer, juror=other)
    call.peer_reviews_visible = True
    call.save()
    client.force_login(juror)
    url = f"/en/jury/{application.public_id}/review/"

    before = client.get(url).content.decode()
    client.post(
        url,
        {
            **{f"score_{pk}": "7" for pk in full_answers(call)},
            **{f"comment_{pk}": "ok" for pk in full_answers(call)},
            "overall_comment": "Bien.",
            "submit": "",
        },
    )
    after = client.get(url).content.decode()
    call.peer_reviews_visible = False
    call.save()
    hidden = client.get(url).content.decode()

    assert "Faible." not in before and other.email not in before
    assert "Faible." in after and "Juror 1" in after and other.email not in after
    assert "Faible." not in hidden


def test_the_score_form_keeps_what_was_typed_on_error(client, setup):
    call, application, (juror, _other) = setup
    client.force_login(juror)
    first = next(iter(full_answers(call)))

    response = client.post(
        f"/en/jury/{application.public_id}/review/",
        {f"score_{first}": "12", f"comment_{first}": "Texte tapé", "overall_comment": "Général", "save": ""},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "The score must be between 0 and 10, in steps of 0.5." in html
    assert 'value="12"' in html
    assert "Texte tapé" in html


def test_a_juror_who_has_not_declared_cannot_review(client, setup):
    call, application, (juror, _other) = setup

    ConflictDeclaration.objects.filter(juror=juror).delete()
    client.force_login(juror)

    assert client.get(f"/en/jury/{application.public_id}/review/").status_code == 404
    with pytest.raises(ValidationError) as error:
        review_save(application=application, juror=juror, answers=full_answers(call), overall_comment="x")
    assert error.value.code == "not_cleared"


def test_reminders_three_days_before_and_on_the_due_date_once_each(setup, django_capture_on_commit_callbacks):
    call, application, (juror, other) = setup
    call.review_due_date = dt.date(2014, 11, 7)
    call.save()
    review = review_save(
        application=application, juror=other, answers=full_answers(call), overall_comment="x"
    )
    review_submit(review=review, juror=other)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        counts = [
            review_reminders_send(today=dt.date(2014, 11, 3)),
            review_reminders_send(today=dt.date(2014, 11, 4)),
            review_reminders_send(today=dt.date(2014, 11, 4)),
            review_reminders_send(today=dt.date(2014, 11, 7)),
        ]

    assert counts == [0, 1, 0, 1]
    assert [message.to for message in mail.outbox] == [[juror.email], [juror.email]]
