"""Who may use the clusters pages: staff and cluster liaisons (django-rules)."""

import rules

from vouchers.common.permissions import is_portal_staff
from wecd_portal.accounts.roles import CLUSTER_LIAISON


@rules.predicate
def is_cluster_liaison(user):
    return user.is_staff and user.groups.filter(name=CLUSTER_LIAISON).exists()


# Liaisons see organisations, actions, needs and leads, and counts of the applications
# that followed; the applications themselves stay staff-only (vouchers.intake.permissions).
rules.add_perm("clusters.use_pages", rules.is_authenticated & (is_portal_staff | is_cluster_liaison))
