"""Stage guards around the freeze: what blocks it, what it closes, the reasoned
unfreeze; admin pages that never report a refused change as saved."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError

from vouchers.awards.models import AwardDecision
from vouchers.awards.services.decisions import awards_confirm, awards_propose
from vouchers.awards.services.unfreeze import ranking_unfreeze
from vouchers.eligibility.models import EligibilityResult
from vouchers.eligibility.services.checklist import eligibility_run
from vouchers.eligibility.services.decisions import application_declare_eligible
from vouchers.intake.models import BRUSSELS, Application, Call
from vouchers.jury.criteria import PILOT_CRITERIA
from vouchers.jury.models import Consensus, Criterion, JuryMember, RankingSnapshot
from vouchers.jury.services.assignment import assignment_run, conflict_declare
from vouchers.jury.services.deliberation import freeze_blockers
from vouchers.jury.services.reviews import review_save, review_submit
from vouchers.tests.deliberation import deliberate_and_freeze
from vouchers.tests.factories import CallFactory, complete_application
from wecd_portal.core.models import AuditEntry
from wecd_portal.notifications.models import OutboxMessage
from wecd_portal.tests.factories import applicant, juror, staff_member

pytestmark = pytest.mark.django_db


def closed_call(**overrides):
    return CallFactory(
        opens_at=dt.datetime(2014, 6, 16, tzinfo=BRUSSELS),
        closes_at=dt.datetime(2014, 10, 1, 23, 59, 59, tzinfo=BRUSSELS),
        execution_start_date=dt.date(2014, 11, 15),
        execution_end_date=dt.date(2015, 6, 30),
        jurors_per_application=1,
        **overrides,
    )


def application_in(call, seed, status):
    application = complete_application(call=call, owner=applicant(), seed=seed)
    Application.objects.filter(pk=application.pk).update(
        status=status, reference=f"WECD-2014-{seed:03d}", sequence=seed, submitted_at=call.closes_at
    )
    application.refresh_from_db()
    return application


def reviewed(call, applications, member, score="7"):
    criteria = list(Criterion.objects.filter(call=call))
    assignment_run(call=call)
    for application in applications:
        conflict_declare(application=application, juror=member, conflicted_numbers=[])
        review = review_save(
            application=application,
            juror=member,
            answers={c.pk: (score, "Commentaire", "") for c in criteria},
            overall_comment="Bien",
        )
        review_submit(review=review, juror=member)


def call_with_open_work():
    """One application awaiting eligibility, one eligible and reviewed, one eligible unreviewed."""
    call = closed_call()
    for values in PILOT_CRITERIA:
        Criterion.objects.create(call=call, **values)
    member = juror()
    JuryMember.objects.create(call=call, user=member)
    waiting = application_in(call, 1, "submitted")
    done = application_in(call, 2, "eligible")
    unreviewed = application_in(call, 3, "eligible")
    reviewed(call, [done], member)  # both are assigned; one review is submitted
    application_in(call, 4, "eligible")  # eligible after the assignment: no juror
    return call, waiting, done, unreviewed, member


def test_blockers_name_what_stands_open():
    call, _waiting, _done, _unreviewed, _member = call_with_open_work()

    blockers = freeze_blockers(call)

    assert [(item["code"], item["references"]) for item in blockers] == [
        ("eligibility_open", ["WECD-2014-001"]),
        ("jurors_missing", ["WECD-2014-004 (0/1)"]),
        ("reviews_missing", ["WECD-2014-003 (0/1)"]),
        ("consensus_missing", ["WECD-2014-002", "WECD-2014-003", "WECD-2014-004"]),
    ]


def test_the_freeze_page_in_french_lists_the_blockers_and_refuses(client):
    call, _waiting, _done, _unreviewed, _member = call_with_open_work()
    client.force_login(staff_member())

    page = client.get(f"/admin/vouchers/call/{call.pk}/freeze/")
    refused = client.post(f"/admin/vouchers/call/{call.pk}/freeze/", {"confirm": "on"})

    html = page.content.decode()
    assert page.status_code == 200
    assert "Le classement ne peut pas encore être figé." in html
    assert "Candidatures en attente de leur décision d’éligibilité" in html
    assert "WECD-2014-003 (0/1)" in html
    assert 'name="confirm"' not in html
    assert refused.status_code == 400
    assert "Le classement ne peut pas encore être figé\u00a0:" in refused.content.decode()
    assert RankingSnapshot.objects.filter(call=call).count() == 0


def test_an_old_post_to_the_ranking_page_never_freezes(client):
    call, *_rest = call_with_open_work()
    client.force_login(staff_member())

    response = client.post(f"/admin/vouchers/call/{call.pk}/ranking/")

    assert response.status_code == 302
    assert response["Location"] == f"/admin/vouchers/call/{call.pk}/freeze/"
    assert RankingSnapshot.objects.count() == 0


def frozen_call(vouchers=10):
    call = closed_call(voucher_count=vouchers)
    for values in PILOT_CRITERIA:
        Criterion.objects.create(call=call, **values)
    member = juror()
    JuryMember.objects.create(call=call, user=member)
    applications = [application_in(call, seed, "eligible") for seed in (1, 2)]
    reviewed(call, applications, member)
    staff = staff_member()
    deliberate_and_freeze(call, staff)
    return call, applications, member, staff


def test_after_the_freeze_no_eligibility_change_nor_review():
    call, (first, _second), member, staff = frozen_call()
    late = application_in(call, 9, "submitted")

    for attempt in (
        lambda: eligibility_run(application=late, actor=staff),
        lambda: application_declare_eligible(application=late, actor=staff),
        lambda: review_save(application=first, juror=member, answers={}, overall_comment=""),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.code == "ranking_frozen"
    assert Application.objects.get(pk=late.pk).status == "submitted"


def test_the_decision_page_of_a_frozen_call_says_why_and_never_500(client):
    call, _applications, _member, staff = frozen_call()
    late = application_in(call, 9, "submitted")
    client.force_login(staff)

    response = client.post(
        f"/admin/vouchers/application/{late.pk}/eligibility-decision/", {"decision": "eligible"}
    )

    assert response.status_code == 200
    assert "Le classement de cet appel est figé" in response.content.decode()
    assert Application.objects.get(pk=late.pk).status == "submitted"


def test_unfreeze_needs_a_reason_and_keeps_the_snapshot_in_the_audit(client):
    call, _applications, _member, staff = frozen_call()
    awards_propose(call=call, actor=staff)
    client.force_login(staff)

    refused = client.post(f"/admin/vouchers/call/{call.pk}/unfreeze/", {"reason": "  "})
    done = client.post(
        f"/admin/vouchers/call/{call.pk}/unfreeze/", {"reason": "Une candidature oubliée au tri."}
    )

    assert refused.status_code == 400
    assert "Donnez la raison du dégel du classement." in refused.content.decode()
    assert done.status_code == 302
    assert RankingSnapshot.objects.filter(call=call).count() == 0
    assert AwardDecision.objects.filter(call=call).count() == 0
    entry = AuditEntry.objects.get(action="ranking.unfrozen")
    assert entry.data["reason"] == "Une candidature oubliée au tri."
    assert [row["reference"] for row in entry.data["snapshot"]["rows"]] == ["WECD-2014-001", "WECD-2014-002"]
    assert entry.data["proposals_discarded"] == 2


def test_no_unfreeze_once_the_awards_are_confirmed(client):
    call, _applications, _member, staff = frozen_call()
    awards_propose(call=call, actor=staff)
    awards_confirm(call=call, actor=staff)
    client.force_login(staff)

    page = client.get(f"/admin/vouchers/call/{call.pk}/unfreeze/").content.decode()
    response = client.post(f"/admin/vouchers/call/{call.pk}/unfreeze/", {"reason": "Trop tard."})

    assert "Les décisions d’octroi sont confirmées" in page
    assert 'name="reason"' not in page  # refused before anything is typed
    assert response.status_code == 400
    assert RankingSnapshot.objects.filter(call=call).count() == 1
    with pytest.raises(ValidationError) as error:
        awards_propose(call=call, actor=staff)
    assert error.value.code == "confirmed"
    with pytest.raises(ValidationError) as error:
        ranking_unfreeze(call=call, actor=staff, reason="Trop tard.")
    assert error.value.code == "awards_confirmed"


def test_a_refused_award_change_in_the_admin_shows_no_success(client):
    call, _applications, _member, staff = frozen_call()
    awards_propose(call=call, actor=staff)
    decision = AwardDecision.objects.get(call=call, rank=2)
    client.force_login(staff)

    response = client.post(
        f"/admin/vouchers/awarddecision/{decision.pk}/change/",
        {"outcome": "not_selected", "justification": ""},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Toute modification de la proposition doit être justifiée." in html
    assert "changed_decision_is_justified" not in html
    assert [str(message) for message in get_messages(response.wsgi_request)] == []
    decision.refresh_from_db()
    assert decision.outcome == "awarded"


def test_an_award_change_in_the_admin_goes_through_the_writer(client):
    call, _applications, _member, staff = frozen_call()
    awards_propose(call=call, actor=staff)
    decision = AwardDecision.objects.get(call=call, rank=2)
    client.force_login(staff)

    response = client.post(
        f"/admin/vouchers/awarddecision/{decision.pk}/change/",
        {"outcome": "reserve", "justification": "Budget du partenaire incertain."},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/admin/vouchers/call/{call.pk}/awards/"
    decision.refresh_from_db()
    assert (decision.outcome, decision.reserve_position) == ("reserve", 1)
    assert AuditEntry.objects.filter(action="awards.changed").count() == 1


def test_results_published_at_cannot_be_typed_in_the_call_admin(client):
    call = closed_call()
    client.force_login(staff_member())

    page = client.get(f"/admin/vouchers/call/{call.pk}/change/")

    assert 'name="results_published_at' not in page.content.decode()
    assert (
        "results_published_at"
        not in Call._meta.get_field("results_published_at").formfield().__class__.__name__
    )
    assert Call._meta.get_field("results_published_at").editable is False


def test_the_checklist_of_a_decided_application_opens(client):
    call = closed_call()
    application = application_in(call, 1, "submitted")
    eligibility_run(application=application, actor=None)
    Application.objects.filter(pk=application.pk).update(status="ineligible")
    result = EligibilityResult.objects.filter(application=application).first()
    client.force_login(staff_member())

    response = client.get(f"/admin/vouchers/eligibilityresult/{result.pk}/change/")

    assert response.status_code == 200


def test_the_release_preview_lists_each_letter_that_lacks_a_consensus_and_blocks(client):
    call, (first, second), _member, staff = frozen_call(vouchers=1)
    awards_propose(call=call, actor=staff)
    awards_confirm(call=call, actor=staff)
    Consensus.objects.filter(application=second).delete()  # recorded outside the pages, or lost
    client.force_login(staff)

    page = client.get(f"/admin/vouchers/call/{call.pk}/release/")
    refused = client.post(f"/admin/vouchers/call/{call.pk}/release/")

    html = page.content.decode()
    assert "Les résultats ne peuvent pas encore être publiés\u00a0:" in html
    assert f"{second.reference}\u00a0: aucun courrier ne peut être rédigé" in html
    assert f"{first.reference}\u00a0: aucun courrier" not in html
    assert refused.status_code == 302
    assert Call.objects.get(pk=call.pk).results_published_at is None
    assert OutboxMessage.objects.filter(template="results").count() == 0
