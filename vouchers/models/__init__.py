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
from .eligibility import EligibilityResult

__all__ = [
    "Application",
    "ApplicationParty",
    "Attachment",
    "Call",
    "Company",
    "DeMinimisAid",
    "EligibilityResult",
    "Holding",
    "ImpactIndicator",
    "LegalForm",
    "WorkplanTask",
]
