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
    "FinalReport",
    "FollowUpFile",
    "Holding",
    "ImpactIndicator",
    "IndicatorResult",
    "JuryMember",
    "LegalForm",
    "Letter",
    "PaymentClaim",
    "RankingSnapshot",
    "Review",
    "Score",
    "VoucherFollowUp",
    "WorkplanTask",
]
