"""Who may see or do what with applications: the one place that says it (django-rules)."""

import rules

from wecd_portal.accounts.roles import STAFF


@rules.predicate
def is_owner(user, application):
    return application is not None and application.owner_id == user.pk


@rules.predicate
def is_portal_staff(user):
    return user.is_superuser or (user.is_staff and user.groups.filter(name=STAFF).exists())


@rules.predicate
def is_open_to_the_applicant(user, application):
    """A draft, or an application staff asked to complete."""
    return application is not None and application.status in ("draft", "more_info")


rules.add_perm("vouchers.view_own_application", rules.is_authenticated & (is_owner | is_portal_staff))
rules.add_perm("vouchers.edit_own_application", rules.is_authenticated & is_owner & is_open_to_the_applicant)
rules.add_perm("vouchers.withdraw_own_application", rules.is_authenticated & is_owner)


@rules.predicate
def is_cleared_juror(user, application):
    """Assigned to the application, declared no conflict, and not conflicted since."""
    from vouchers.selectors.jury import applications_for_juror

    return (
        application is not None
        and applications_for_juror(user).filter(pk=application.pk, cleared=True).exists()
    )


rules.add_perm(
    "vouchers.download_attachment", rules.is_authenticated & (is_owner | is_portal_staff | is_cleared_juror)
)

# The follow-up of a voucher (report photos, invoice, proof of share): the holder and staff only.
rules.add_perm("vouchers.download_follow_up_file", rules.is_authenticated & (is_owner | is_portal_staff))


def attachment_scanned_for_jurors(attachment):
    """Jurors open a file only once the virus scanner passed it (or, on a local run
    without a scanner, when none is configured)."""
    from django.conf import settings

    from vouchers.enums import ScanStatus

    if attachment.scan_status == ScanStatus.CLEAN:
        return True
    return attachment.scan_status == ScanStatus.UNSCANNED and not settings.WECD_CLAMD_URL


@rules.predicate
def presides_a_jury(user):
    """The president of the jury of some call (the deliberation pages and their link);
    read once per user object, as the navigation and the page both ask."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_wecd_presides_a_jury"):
        from vouchers.selectors.jury import presides_a_jury as presides

        user._wecd_presides_a_jury = presides(user)
    return user._wecd_presides_a_jury


rules.add_rule("vouchers.presides_a_jury", presides_a_jury)
