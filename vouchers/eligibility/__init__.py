"""Eligibility: the automatic rules and the staff's checklist and decision.

States: each rule's ``EligibilityResult`` (pass, fail, to review, then the staff's
verdict); the application's status moves to eligible, not eligible or information
requested through intake's writer (``application_change_status``).

Writers: ``services.checklist`` (rule runs and verdicts) and ``services.decisions``
(the decision, its e-mail and, for "not eligible", its letter queued).

Reads top to bottom: ``registry.py`` (``@rule``, ``Outcome``), ``checks.py`` (E01–E12),
``models.py``, ``services/``, ``admin.py`` (the staff's application page), ``table.py``
(the rules as a Markdown table), ``tasks.py``.

Hands over to the jury: eligible applications are the ones jurors are assigned.
"""
