"""What every stage's letters and e-mails share: where applicants write back, the
redress deadline as written, and queueing a decision letter (the awards stage renders
it; the eligibility stage queues the letter of an ineligible application)."""

from django.conf import settings

from vouchers.awards.tasks import letter_render_task
from wecd_portal.core.templatetags.portal import format_long_date
from wecd_portal.core.work import work_request


def letter_contact_email(call):
    """Where applicants write about a decision: the call's sender address, else the portal's."""
    return call.sender_email or settings.WECD_CONTACT_EMAIL


def redress_deadline_text(application):
    """The application's redress deadline as the active language writes a date
    ("15 novembre 2014"), or "" when none is set. The one formatting used by the
    letters and the emails, so both print the same date."""
    if application.redress_deadline is None:
        return ""
    return format_long_date(application.redress_deadline)


def letter_enqueue(application_id):
    """Ask for the application's decision letter to be rendered once the caller's
    transaction commits. Side effects: a PendingWork row in the caller's transaction;
    ``letter_render_task`` on commit (a broker that refuses is logged, and the sweep
    queues it again)."""
    work_request(letter_render_task, application_id=application_id)
