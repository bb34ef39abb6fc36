"""Who may open a voucher's follow-up files (django-rules)."""

import rules

from vouchers.common.permissions import is_portal_staff
from vouchers.intake.permissions import is_owner

# The follow-up of a voucher (report photos, invoice, proof of share): the holder and staff only.
rules.add_perm("vouchers.download_follow_up_file", rules.is_authenticated & (is_owner | is_portal_staff))
