from django.conf import settings

from wecd_portal.accounts.roles import CLUSTER_LIAISON, ROLE_LABELS, STAFF, user_roles


def portal(request):
    """Role flags for the navigation; computed lazily, once per request."""
    roles = user_roles(request.user) if hasattr(request, "user") else []
    return {
        "user_roles": roles,
        "user_role_labels": [ROLE_LABELS[role] for role in roles],
        "contact_email": settings.WECD_CONTACT_EMAIL,
        "is_portal_staff": STAFF in roles or getattr(request.user, "is_superuser", False),
        "uses_clusters": bool({STAFF, CLUSTER_LIAISON} & set(roles))
        or getattr(request.user, "is_superuser", False),
    }
