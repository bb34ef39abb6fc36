"""The predicate every stage's permissions start from: portal staff (django-rules)."""

import rules

from wecd_portal.accounts.roles import STAFF


@rules.predicate
def is_portal_staff(user):
    return user.is_superuser or (user.is_staff and user.groups.filter(name=STAFF).exists())
