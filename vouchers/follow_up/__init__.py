"""The follow-up: from the holder's answer to the offer to the payment.

States (``VoucherStage``, table ``VOUCHER_TRANSITIONS`` in ``enums.py``): under way →
report and claim under review ⇄ returned for corrections → verified → paid → closed,
or cancelled.

Writer: ``services.stage`` is the only code that moves a follow-up's stage.

Reads top to bottom: ``models.py``, ``services/`` (acceptance: the answer to the
offer; drafts: report, claim and files; withdrawal: an application leaving at any
stage, written here as the last stage it changes; reminders), ``selectors.py``,
``forms.py``, ``views.py``, ``admin.py`` (the voucher dashboard), ``tasks.py``.

Hands over to nobody: a paid voucher is closed; personal data keeps its retention.
"""
