"""Roles are Django groups, created by migration 0002 and named by stable codes.

This module is the one place that knows which role may use which admin models;
`grant_role_permissions` keeps the groups' permissions in step after each migrate.
"""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

APPLICANT = "Applicant"
JUROR = "Juror"
STAFF = "Staff"
CLUSTER_LIAISON = "ClusterLiaison"

ROLE_LABELS = {
    APPLICANT: _("Applicant"),
    JUROR: _("Jury member"),
    STAFF: _("Wallonie Design staff"),
    CLUSTER_LIAISON: _("Cluster liaison"),
}

# The clusters data: staff and cluster liaisons manage it all.
CLUSTERS_PERMISSIONS = {
    "clusters": {
        model: ("view", "add", "change", "delete")
        for model in (
            "organisation",
            "contact",
            "awarenessaction",
            "attendee",
            "actionfile",
            "needassessment",
            "needitem",
            "lead",
        )
    }
    | {"leadstatuschange": ("view",)},
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
    "notifications": {"outboxmessage": ("view",), "mailbounce": ("view",)},
    "core": {"auditentry": ("view",), "pendingwork": ("view",)},
    "accounts": {"user": ("view",)},
    "clusters": CLUSTERS_PERMISSIONS["clusters"],
}

# Each group with admin permissions, and what it gets.
GROUP_PERMISSIONS = {STAFF: STAFF_PERMISSIONS, CLUSTER_LIAISON: CLUSTERS_PERMISSIONS}


def role_names(user):
    """The user's group names, read once per user object (one query per request)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_wecd_role_names"):
        user._wecd_role_names = frozenset(user.groups.values_list("name", flat=True))
    return user._wecd_role_names


def user_roles(user):
    """The role codes of a user, in a stable order; empty for anonymous users."""
    names = role_names(user)
    return [role for role in (APPLICANT, JUROR, STAFF, CLUSTER_LIAISON) if role in names]


def grant_role_permissions(sender=None, using="default", **kwargs):
    """Give each role group its admin permissions (idempotent; post_migrate)."""

    for group_name, grants in GROUP_PERMISSIONS.items():
        group = Group.objects.using(using).filter(name=group_name).first()
        if group is None:
            continue
        for app_label, models in grants.items():
            codenames = [f"{verb}_{model}" for model, verbs in models.items() for verb in verbs]
            permissions = Permission.objects.using(using).filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            group.permissions.add(*permissions)
