"""Every model of the vouchers app, for Django (which loads ``vouchers.models``) and
for code outside the app. Inside the app, each stage imports the models of its own
stage and of earlier ones from their stage package (``vouchers.intake.models``…)."""

from vouchers.awards.models import AwardDecision, Letter
from vouchers.eligibility.models import EligibilityResult
from vouchers.follow_up.models import (
    FinalReport,
    FollowUpFile,
    IndicatorResult,
    PaymentClaim,
    VoucherFollowUp,
)
from vouchers.intake.models import (
    Application,
    ApplicationParty,
    Attachment,
    Call,
    Company,
    DeMinimisAid,
    Holding,
    ImpactIndicator,
    LegalForm,
    WorkplanTask,
)
from vouchers.jury.models import (
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
