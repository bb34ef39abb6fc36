"""Who may see, edit or withdraw an application (django-rules predicates)."""

import rules
from django.conf import settings

from vouchers.common.enums import ScanStatus
from vouchers.common.permissions import is_portal_staff
from vouchers.intake.enums import APPLICANT_EDITABLE_STATUSES


@rules.predicate
def is_owner(user, application):
    return application is not None and application.owner_id == user.pk


@rules.predicate
def is_open_to_the_applicant(user, application):
    """A draft, or an application staff asked to complete."""
    return application is not None and application.status in APPLICANT_EDITABLE_STATUSES


rules.add_perm("vouchers.view_own_application", rules.is_authenticated & (is_owner | is_portal_staff))
rules.add_perm("vouchers.edit_own_application", rules.is_authenticated & is_owner & is_open_to_the_applicant)
rules.add_perm("vouchers.withdraw_own_application", rules.is_authenticated & is_owner)


def attachment_scanned_for_jurors(attachment):
    """Jurors open a file only once the virus scanner passed it (or, on a local run
    without a scanner, when none is configured)."""
    if attachment.scan_status == ScanStatus.CLEAN:
        return True
    return attachment.scan_status == ScanStatus.UNSCANNED and not settings.WECD_CLAMD_URL
