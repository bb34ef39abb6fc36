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
from .follow_up import FinalReport, FollowUpFile, IndicatorResult, PaymentClaim, VoucherFollowUp
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
    "VoucherFollowUp",
    "PaymentClaim",
    "IndicatorResult",
    "FollowUpFile",
    "FinalReport",
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
