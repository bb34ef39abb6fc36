from .applications import (
    Application,
    ApplicationParty,
    Attachment,
    DeMinimisAid,
    Holding,
    ImpactIndicator,
    WorkplanTask,
)
from .awards import AwardDecision, Letter
from .calls import Call
from .companies import Company, LegalForm
from .eligibility import EligibilityResult
from .jury import (
    Assignment,
    CompanyConflict,
    ConflictDeclaration,
    Consensus,
    Criterion,
    JuryMember,
    RankingSnapshot,
    Review,
    Score,
)

__all__ = [
    "Application",
    "ApplicationParty",
    "Assignment",
    "Attachment",
    "AwardDecision",
    "Call",
    "Company",
    "CompanyConflict",
    "ConflictDeclaration",
    "Consensus",
    "Criterion",
    "DeMinimisAid",
    "EligibilityResult",
    "Holding",
    "ImpactIndicator",
    "JuryMember",
    "LegalForm",
    "Letter",
    "RankingSnapshot",
    "Review",
    "Score",
    "WorkplanTask",
]
