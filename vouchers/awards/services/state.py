"""The one writer of an award decision's state: its outcome, confirmation and answer.

Every service that moves a decision (proposal changes, confirmation, release,
acceptance, decline, expiry, withdrawal, reserve promotion) goes through
``award_decision_move``, as ``application_change_status`` does for applications.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vouchers.awards.enums import AWARD_TRANSITIONS, AwardState
from vouchers.awards.models import AwardDecision
from wecd_portal.audit import audit_record

Outcome = AwardDecision.Outcome
Response = AwardDecision.Response

# The stored fields each state stands for.
STATE_FIELDS = {
    AwardState.PROPOSED_AWARD: {"outcome": Outcome.AWARDED, "confirmed": False, "response": ""},
    AwardState.PROPOSED_RESERVE: {"outcome": Outcome.RESERVE, "confirmed": False, "response": ""},
    AwardState.PROPOSED_NOT_SELECTED: {"outcome": Outcome.NOT_SELECTED, "confirmed": False, "response": ""},
    AwardState.AWARDED: {"outcome": Outcome.AWARDED, "confirmed": True, "response": ""},
    AwardState.RESERVE: {"outcome": Outcome.RESERVE, "confirmed": True, "response": ""},
    AwardState.NOT_SELECTED: {"outcome": Outcome.NOT_SELECTED, "confirmed": True, "response": ""},
    AwardState.OFFERED: {"outcome": Outcome.AWARDED, "confirmed": True, "response": Response.PENDING},
    AwardState.ACCEPTED: {"response": Response.ACCEPTED},
    AwardState.DECLINED: {"response": Response.DECLINED},
    AwardState.EXPIRED: {"response": Response.EXPIRED},
}

PROPOSED_BY_OUTCOME = {
    Outcome.AWARDED: AwardState.PROPOSED_AWARD,
    Outcome.RESERVE: AwardState.PROPOSED_RESERVE,
    Outcome.NOT_SELECTED: AwardState.PROPOSED_NOT_SELECTED,
}
CONFIRMED_BY_OUTCOME = {
    Outcome.AWARDED: AwardState.AWARDED,
    Outcome.RESERVE: AwardState.RESERVE,
    Outcome.NOT_SELECTED: AwardState.NOT_SELECTED,
}
CONFIRMED_STATES = frozenset(CONFIRMED_BY_OUTCOME.values())


def award_move_check(decision, to_state):
    """Refuse a change the transitions table does not allow (also used by admin forms)."""
    from_state = decision.state
    if AwardState(to_state) not in AWARD_TRANSITIONS[from_state]:
        raise ValidationError(
            _("This decision cannot go from “%(from)s” to “%(to)s”."),
            code="invalid_transition",
            params={"from": from_state.label, "to": AwardState(to_state).label},
        )


def award_decision_move(*, decision, to_state, actor, action, data=None, **fields):
    """Move ``decision`` to ``to_state`` if the transitions table allows it.

    Side effects: locks the row; saves the state's fields and the given ``fields``
    (e.g. voucher number, answer deadline); a proposal whose outcome changes
    renumbers the call's reserve list by rank (a reserve always has its position);
    audit entry ``awards.<action>`` with the states and ``data``. Must run inside the
    caller's transaction, which queues any notification.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("award_decision_move must run inside a transaction")
    locked = AwardDecision.objects.select_for_update().select_related("application").get(pk=decision.pk)
    award_move_check(locked, to_state)
    from_state, previous_outcome = locked.state, locked.outcome
    values = {**STATE_FIELDS[AwardState(to_state)], **fields}
    if AwardState(to_state) in CONFIRMED_STATES and from_state in PROPOSED_BY_OUTCOME.values():
        values["confirmed_at"] = timezone.now()
    if values.get("outcome", locked.outcome) != Outcome.RESERVE:
        values["reserve_position"] = None
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*values, "decided_at"])
    if not locked.confirmed and locked.outcome != previous_outcome:
        reserve_renumber(call_id=locked.call_id)
        locked.refresh_from_db(fields=["reserve_position"])
    audit_record(
        actor=actor,
        action=f"awards.{action}",
        target=locked.application,
        data={"from": str(from_state), "to": str(locked.state), **(data or {})},
    )
    decision.__dict__.update(
        {name: getattr(locked, name) for name in (*values, "reserve_position", "decided_at")}
    )
    return locked


def reserve_renumber(*, call_id):
    """Number the call's proposed reserve list 1, 2, … in rank order.

    Side effects: writes ``reserve_position`` of the call's unconfirmed reserve
    decisions. Called by the writer only.
    """
    reserve = AwardDecision.objects.filter(call_id=call_id, confirmed=False, outcome=Outcome.RESERVE)
    for position, pk in enumerate(reserve.order_by("rank").values_list("pk", flat=True), start=1):
        AwardDecision.objects.filter(pk=pk).update(reserve_position=position)
