from .applications import (
    Application,
    ApplicationParty,
    Attachment,
    DeMinimisAid,
    Holding,
    ImpactIndicator,
    WorkplanTask,
)
from .calls import Call
from .companies import Company, LegalForm

__all__ = [
    "Application",
    "ApplicationParty",
    "Attachment",
    "Call",
    "Company",
    "DeMinimisAid",
    "Holding",
    "ImpactIndicator",
    "LegalForm",
    "WorkplanTask",
]
