"""The call and what an applicant fills in: the application, its parties, their
holdings, de minimis aids, work plan, indicators and attachments."""

from .applications import (
    Application,
    ApplicationParty,
    Attachment,
    DeMinimisAid,
    Holding,
    ImpactIndicator,
    WorkplanTask,
    attachment_path,
)
from .calls import BRUSSELS, Call
from .companies import Company, CompanyFields, LegalForm

__all__ = [
    "BRUSSELS",
    "Application",
    "ApplicationParty",
    "Attachment",
    "Call",
    "Company",
    "CompanyFields",
    "DeMinimisAid",
    "Holding",
    "ImpactIndicator",
    "LegalForm",
    "WorkplanTask",
    "attachment_path",
]
