"""Intake: the call, and an application from its first draft to its submission.

States (``ApplicationStatus``, table ``APPLICATION_TRANSITIONS`` in ``enums.py``):
draft → submitted; submitted → eligible, not eligible or information requested (those
are the eligibility stage's decisions); information requested → submitted again
(``application_resubmit``); any → withdrawn (``follow_up.services.withdrawal``).

Writer: ``services.status.application_change_status`` is the only code that changes
an application's status (lock, check the table, save, audit).

Reads top to bottom: ``models/`` (Call, Company, Application and what it holds),
``completeness.py`` (what a section still lacks), ``services/`` (drafts,
attachments, submission, draft reminders, calls), ``selectors/``, ``forms.py``,
``views/`` (the applicant's pages, the public pages), ``admin.py``, ``tasks.py``.

Hands over to eligibility: a submission queues ``eligibility_run_task``.
"""
