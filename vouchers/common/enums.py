"""Choices every stage uses: the virus scan of a stored file, one list for every
stored file (attachments, voucher documents, action files), defined with them in
the portal's core."""

from wecd_portal.core.enums import ScanStatus

__all__ = ["ScanStatus"]
