"""Roles are Django groups, created by migration 0002 and named by stable codes.

This module is the one place that knows which role may use which admin models;
`grant_role_permissions` keeps the groups' permissions in step after each migrate.
"""

from django.utils.translation import gettext_lazy as _

APPLICANT = "Applicant"
JUROR = "Juror"
STAFF = "Staff"

ROLE_LABELS = {
    APPLICANT: _("Applicant"),
    JUROR: _("Jury member"),
    STAFF: _("Wallonie Design staff"),
}

# app_label -> model -> permission verbs granted to the Staff group
STAFF_PERMISSIONS = {
    "vouchers": {
        "call": ("view", "add", "change"),
        "application": ("view",),
        "applicationparty": ("view",),
        "attachment": ("view",),
        "company": ("view",),
        "eligibilityresult": ("view", "change"),
        "criterion": ("view", "add", "change", "delete"),
        "jurymember": ("view", "add", "change", "delete"),
        "assignment": ("view", "add", "delete"),
        "companyconflict": ("view", "add"),
        "review": ("view", "change"),
        "score": ("view",),
        "consensus": ("view",),
        "rankingsnapshot": ("view",),
        "awarddecision": ("view", "change"),
        "letter": ("view",),
        "voucherfollowup": ("view", "change"),
        "finalreport": ("view",),
        "paymentclaim": ("view",),
        "followupfile": ("view",),
    },
    "notifications": {"outboxmessage": ("view",)},
    "core": {"auditentry": ("view",)},
    "accounts": {"user": ("view",)},
}


def user_roles(user):
    """The role codes of a user, in a stable order; empty for anonymous users."""
    if not user.is_authenticated:
        return []
    names = {group.name for group in user.groups.all()}
    return [role for role in (APPLICANT, JUROR, STAFF) if role in names]


def grant_role_permissions(sender=None, using="default", **kwargs):
    """Give the Staff group its admin permissions (idempotent; post_migrate)."""
    from django.contrib.auth.models import Group, Permission

    staff = Group.objects.using(using).filter(name=STAFF).first()
    if staff is None:
        return
    codenames = [
        (app_label, f"{verb}_{model}")
        for app_label, models in STAFF_PERMISSIONS.items()
        for model, verbs in models.items()
        for verb in verbs
    ]
    for app_label, codename in codenames:
        permission = (
            Permission.objects.using(using)
            .filter(content_type__app_label=app_label, codename=codename)
            .first()
        )
        if permission is not None:
            staff.permissions.add(permission)
