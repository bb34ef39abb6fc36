"""What a juror may open: assigned, cleared applications and their scanned files; the
deliberation pages for a jury's president (django-rules predicates)."""

import rules

from vouchers.common.permissions import is_portal_staff
from vouchers.intake.permissions import is_owner
from vouchers.jury.selectors.jurors import applications_for_juror
from vouchers.jury.selectors.jurors import presides_a_jury as presides


@rules.predicate
def is_cleared_juror(user, application):
    """Assigned to the application, declared no conflict, and not conflicted since."""
    return (
        application is not None
        and applications_for_juror(user).filter(pk=application.pk, cleared=True).exists()
    )


rules.add_perm(
    "vouchers.download_attachment", rules.is_authenticated & (is_owner | is_portal_staff | is_cleared_juror)
)


@rules.predicate
def presides_a_jury(user):
    """The president of the jury of some call (the deliberation pages and their link);
    read once per user object, as the navigation and the page both ask."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_wecd_presides_a_jury"):
        user._wecd_presides_a_jury = presides(user)
    return user._wecd_presides_a_jury


rules.add_rule("vouchers.presides_a_jury", presides_a_jury)
