"""The award decision's states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardState(models.TextChoices):
    """Where an award decision stands, derived from its outcome, confirmation and answer."""

    PROPOSED_AWARD = "proposed_awarded", _("Proposed: award")
    PROPOSED_RESERVE = "proposed_reserve", _("Proposed: reserve list")
    PROPOSED_NOT_SELECTED = "proposed_not_selected", _("Proposed: not selected")
    AWARDED = "awarded", _("Awarded, results not released")
    RESERVE = "reserve", _("On the reserve list")
    NOT_SELECTED = "not_selected", _("Not selected")
    OFFERED = "offered", _("Voucher offered, awaiting the answer")
    ACCEPTED = "accepted", _("Voucher accepted")
    DECLINED = "declined", _("Voucher declined or given back")
    EXPIRED = "expired", _("Voucher not answered in time")


_PROPOSED = {AwardState.PROPOSED_AWARD, AwardState.PROPOSED_RESERVE, AwardState.PROPOSED_NOT_SELECTED}

# The only changes the single writer (services.award_state.award_decision_move) allows.
AWARD_TRANSITIONS = {
    # Before confirmation staff change a proposal freely (with a justification), then confirm it.
    **{
        state: _PROPOSED | {AwardState.AWARDED, AwardState.RESERVE, AwardState.NOT_SELECTED}
        for state in _PROPOSED
    },
    # Confirmed: the release offers the voucher; a withdrawal before it gives it back.
    AwardState.AWARDED: {AwardState.OFFERED, AwardState.DECLINED},
    # A freed voucher is offered to the first reserve.
    AwardState.RESERVE: {AwardState.OFFERED},
    AwardState.NOT_SELECTED: set(),
    AwardState.OFFERED: {AwardState.ACCEPTED, AwardState.DECLINED, AwardState.EXPIRED},
    # An accepted voucher may still be given back by a withdrawal.
    AwardState.ACCEPTED: {AwardState.DECLINED},
    AwardState.DECLINED: set(),
    AwardState.EXPIRED: set(),
}
