"""The jury: assignment, conflicts of interest, reviews, ranking and deliberation.

States: an ``Assignment`` is declared (no conflict) or released; a ``Review`` is a
draft, submitted, or reopened by staff; a call's ranking is open until a
``RankingSnapshot`` freezes it (``services.deliberation.ranking_freeze``).

Writers: ``services.assignment`` (the planner's run, manual seats, conflicts),
``services.reviews`` (scores), ``services.deliberation`` (the president's consensus,
the freeze). Every change first asks ``intake.services.calls.ensure_not_frozen``.

Reads top to bottom: ``models.py``, ``criteria.py``, ``planner.py`` and ``ranking.py``
(pure arithmetic, no database), ``selectors/``, ``services/``, ``forms/``, ``views.py``
(jurors' pages), ``admin/``, ``permissions.py``, ``tasks.py``.

Hands over to awards: the frozen ranking is what award decisions are proposed from.
"""
