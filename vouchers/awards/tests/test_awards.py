"""Award decisions: the proposal from the frozen ranking and the capped grant."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from vouchers.awards.models import AwardDecision
from vouchers.awards.services import decisions as awards_module
from vouchers.awards.services.decisions import award_change, award_grant, awards_confirm, awards_propose
from vouchers.tests.deliberation import deliberate_and_freeze
from vouchers.tests.pipeline import scored_call
from wecd_portal.core.models import AuditEntry
from wecd_portal.tests.factories import staff_member

pytestmark = pytest.mark.django_db


def frozen(count, vouchers, score="7"):
    call, applications, _members = scored_call(count, score=score)
    call.voucher_count = vouchers
    call.save()
    deliberate_and_freeze(call, staff_member())
    return call, applications


def outcomes(call):
    return list(
        AwardDecision.objects.filter(call=call).order_by("rank").values_list("outcome", "reserve_position")
    )


def test_proposal_awards_the_best_passing_then_the_reserve_list():
    call, _applications = frozen(5, vouchers=2)

    counts = awards_propose(call=call, actor=staff_member())

    assert counts == {"awarded": 2, "reserve": 3, "not_selected": 0}
    assert outcomes(call) == [
        ("awarded", None),
        ("awarded", None),
        ("reserve", 1),
        ("reserve", 2),
        ("reserve", 3),
    ]


def test_applications_below_the_threshold_are_not_selected():
    call, _applications = frozen(2, vouchers=10, score="5")  # 50/100 < 60

    awards_propose(call=call, actor=staff_member())

    assert outcomes(call) == [("not_selected", None), ("not_selected", None)]


def test_the_budget_is_never_exceeded_even_when_the_amount_changes_after_grants():
    call, _applications = frozen(2, vouchers=2)
    staff = staff_member()
    awards_propose(call=call, actor=staff)
    first, second = AwardDecision.objects.filter(call=call).order_by("rank")
    award_grant(decision=first, actor=staff)  # 6 000 of a 12 000 budget
    call.voucher_amount = Decimal("5000")  # the budget becomes 10 000
    call.save()

    with pytest.raises(ValidationError) as error:
        award_grant(decision=second, actor=staff)

    assert error.value.code == "budget_exceeded"


def test_the_proposal_needs_a_frozen_ranking():
    call, _applications, _members = scored_call(1)

    with pytest.raises(ValidationError) as error:
        awards_propose(call=call, actor=staff_member())
    assert error.value.code == "not_frozen"


def test_a_change_to_the_proposal_needs_a_justification():
    call, _applications = frozen(2, vouchers=1)
    awards_propose(call=call, actor=staff_member())
    decision = AwardDecision.objects.get(call=call, rank=2)

    with pytest.raises(ValidationError) as error:
        award_change(decision=decision, outcome="awarded", justification="", actor=staff_member())
    assert error.value.code == "justification_required"
    award_change(
        decision=decision,
        outcome="not_selected",
        justification="Double financement constaté.",
        actor=staff_member(),
    )

    decision.refresh_from_db()
    assert (decision.proposed_outcome, decision.outcome) == ("reserve", "not_selected")
    assert (
        AuditEntry.objects.get(action="awards.changed").data["justification"]
        == "Double financement constaté."
    )


def test_confirmation_is_refused_whole_when_awards_exceed_the_cap():
    call, _applications = frozen(3, vouchers=2)
    staff = staff_member()
    awards_propose(call=call, actor=staff)
    extra = AwardDecision.objects.get(call=call, rank=3)
    award_change(decision=extra, outcome="awarded", justification="Ex aequo.", actor=staff)

    with pytest.raises(ValidationError) as error:
        awards_confirm(call=call, actor=staff)

    assert error.value.code == "cap_reached"
    assert AwardDecision.objects.filter(call=call, confirmed=True).count() == 0
    assert AwardDecision.objects.exclude(voucher_code=None).count() == 0


def test_confirmation_gives_sequential_voucher_codes_and_audits_each_decision():
    call, _applications = frozen(3, vouchers=2)
    staff = staff_member()
    awards_propose(call=call, actor=staff)

    granted = awards_confirm(call=call, actor=staff)

    assert granted == 2
    assert list(
        AwardDecision.objects.filter(call=call).order_by("rank").values_list("voucher_code", "confirmed")
    ) == [("WECD-V-2014-01", True), ("WECD-V-2014-02", True), (None, True)]
    assert list(
        AuditEntry.objects.filter(action__in=["awards.granted", "awards.confirmed"])
        .order_by("pk")
        .values_list("action", "data__to")
    ) == [
        ("awards.granted", "awarded"),
        ("awards.granted", "awarded"),
        ("awards.confirmed", "reserve"),
        ("awards.confirmed", None),
    ]


def test_a_failed_grant_midway_leaves_no_decision_confirmed(monkeypatch):
    call, _applications = frozen(3, vouchers=3)
    staff = staff_member()
    awards_propose(call=call, actor=staff)

    real = awards_module._voucher_for
    calls = []

    def fail_on_third(locked_call):
        calls.append(1)
        if len(calls) == 3:
            raise ValidationError("budget", code="budget_exceeded")
        return real(locked_call)

    monkeypatch.setattr(awards_module, "_voucher_for", fail_on_third)

    with pytest.raises(ValidationError) as error:
        awards_confirm(call=call, actor=staff)
    assert error.value.code == "budget_exceeded"

    assert AwardDecision.objects.filter(call=call, confirmed=True).count() == 0
    assert AuditEntry.objects.filter(action__in=["awards.granted", "awards.confirmed"]).count() == 0


def test_a_decision_changed_to_reserve_gets_its_position_by_rank():
    call, _applications = frozen(4, vouchers=2)
    staff = staff_member()
    awards_propose(call=call, actor=staff)
    second = AwardDecision.objects.get(call=call, rank=2)

    award_change(
        decision=second, outcome="reserve", justification="Budget du partenaire incertain.", actor=staff
    )

    assert outcomes(call) == [("awarded", None), ("reserve", 1), ("reserve", 2), ("reserve", 3)]


def test_a_confirmed_decision_cannot_change():
    call, _applications = frozen(2, vouchers=1)
    staff = staff_member()
    awards_propose(call=call, actor=staff)
    awards_confirm(call=call, actor=staff)
    decision = AwardDecision.objects.get(call=call, rank=2)

    with pytest.raises(ValidationError) as error:
        award_change(decision=decision, outcome="awarded", justification="Trop tard.", actor=staff)

    assert error.value.code == "confirmed"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_grants_end_with_exactly_the_cap():
    call, _applications = frozen(20, vouchers=10)
    staff = staff_member()
    awards_propose(call=call, actor=staff)
    for decision in AwardDecision.objects.filter(call=call, outcome="reserve"):
        award_change(decision=decision, outcome="awarded", justification="Test de concurrence.", actor=staff)
    decisions = list(AwardDecision.objects.filter(call=call))
    barrier = threading.Barrier(len(decisions))
    refused = []

    def grant(decision):
        try:
            barrier.wait()
            award_grant(decision=decision, actor=staff)
        except ValidationError as error:
            refused.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=grant, args=(decision,)) for decision in decisions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    granted = AwardDecision.objects.filter(call=call, confirmed=True, outcome="awarded")
    assert granted.count() == 10
    assert sorted(granted.values_list("voucher_number", flat=True)) == list(range(1, 11))
    assert sum(granted.values_list("amount", flat=True)) == call.budget
    assert refused == ["cap_reached"] * 10


def test_staff_propose_and_confirm_from_the_call_admin(client):
    call, _applications = frozen(3, vouchers=2)
    staff = staff_member()
    client.force_login(staff)

    client.post("/en/admin/vouchers/call/", {"action": "propose_awards", "_selected_action": [call.pk]})
    client.post("/en/admin/vouchers/call/", {"action": "confirm_awards", "_selected_action": [call.pk]})

    assert outcomes(call) == [("awarded", None), ("awarded", None), ("reserve", 1)]
    assert AwardDecision.objects.filter(call=call, confirmed=True).count() == 3
    listing = client.get("/en/admin/vouchers/awarddecision/").content.decode()
    assert "WECD-V-2014-01" in listing


@pytest.mark.parametrize("count", [1, 3])
def test_award_list_query_count_is_constant(client, django_assert_num_queries, count):
    call, _applications = frozen(count, vouchers=10)
    awards_propose(call=call, actor=staff_member())
    client.force_login(staff_member())

    with django_assert_num_queries(10):
        response = client.get("/en/admin/vouchers/awarddecision/")

    assert len(response.context["cl"].result_list) == count
