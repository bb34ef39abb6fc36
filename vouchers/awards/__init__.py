"""Awards: decisions from the frozen ranking, the letters, the results release.

States (``AwardState``, table ``AWARD_TRANSITIONS`` in ``enums.py``): proposed
(award, reserve, not selected) → confirmed as awarded, reserve or not selected → at
the release, offered → accepted, declined or expired; a freed voucher is offered to
the first reserve (``reserve_promote``).

Writer: ``services.state.award_decision_move`` is the only code that changes a
decision's state.

Reads top to bottom: ``models.py``, ``services/`` (decisions, letters, release,
unfreeze), ``admin/`` (decisions, freeze and unfreeze, release), ``views.py``
(results page, letter download), ``tasks.py`` (letter rendering, expiry).

Hands over to the follow-up: the holder's answer to the offer
(``follow_up.services.acceptance``) opens the voucher's follow-up.
"""
