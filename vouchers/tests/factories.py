"""A factory per model of the vouchers app (factory_boy), with no surprises: each
builds one valid row and the parents it needs, nothing else; no service runs, no
e-mail, no PDF. Tests of a stage build the earlier stages' rows with these instead
of walking the pipeline; ``complete_application`` assembles a draft that passes every
completeness check. Pipeline builders that go through the services are in
``vouchers/tests/pipeline.py``."""

import datetime as dt
import hashlib
import io
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter

from vouchers.awards.models import AwardDecision, Letter
from vouchers.common.enums import ScanStatus
from vouchers.common.reference.geography import locate_postal_code
from vouchers.eligibility.models import EligibilityResult
from vouchers.eligibility.registry import Outcome
from vouchers.follow_up.enums import FollowUpFileKind
from vouchers.follow_up.models import (
    FinalReport,
    FollowUpFile,
    IndicatorResult,
    PaymentClaim,
    VoucherFollowUp,
)
from vouchers.intake.enums import (
    ApplicationStatus,
    AttachmentKind,
    HeardVia,
    HoldingRelation,
    PartyRole,
    ProjectKind,
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
from wecd_portal.tests.factories import UserFactory


def enterprise_number(seed):
    """A valid, fictional Belgian enterprise number built from a seed below 20 000 000."""
    first8 = f"{seed:08d}"[-8:]
    return f"{first8}{97 - int(first8) % 97:02d}"


def pdf_bytes(pages=1):
    """A small, valid PDF with blank pages."""
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


# --- intake ---------------------------------------------------------------------------


class CallFactory(factory.django.DjangoModelFactory):
    """A call open now by default: opened 10 days ago, closes in 20 days."""

    class Meta:
        model = Call

    slug = factory.Sequence(lambda n: f"call-{n}")
    name_fr = factory.Sequence(lambda n: f"Appel chèques créativité {n}")
    name_en = factory.Sequence(lambda n: f"Creativity voucher call {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=20))
    voucher_amount = Decimal("6000")
    voucher_count = 10
    # Who signs the letters and where applicants write (no letter is written without them).
    signatory_name = "Claire Fontaine"
    signatory_title_fr = "Directrice de Wallonie Design"
    signatory_title_en = "Director of Wallonie Design"
    sender_address = "Rue de l’Exemple 12\n4000 Liège"
    sender_phone = "+32 4 220 00 00"
    sender_email = "cheques@wallonie-design.example"


class CompanyFactory(factory.django.DjangoModelFactory):
    """A company of the registry, in Liège."""

    class Meta:
        model = Company

    enterprise_number = factory.Sequence(lambda n: enterprise_number(5_000_000 + n))
    name = factory.Sequence(lambda n: f"Entreprise {n}")
    postal_code = "4000"
    municipality = "Liège"


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft of the answers an applicant gives in the project and budget sections;
    its parties, tables and files come from their own factories."""

    class Meta:
        model = Application

    class Params:
        seed = 1

    call = factory.SubFactory(CallFactory)
    owner = factory.SubFactory(UserFactory, role="Applicant")
    title = factory.LazyAttribute(lambda o: f"Prototype d’un meuble modulaire {o.seed}")
    kind = ProjectKind.PROTOTYPE
    summary = "Concevoir et prototyper une gamme de meubles modulaires en bois local."
    added_value = "Un nouveau produit conçu avec l’usager, pas un simple habillage esthétique."
    objectives = "Entrer sur le marché des aménagements de bureaux."
    deliverables = "Un prototype, un dossier de fabrication, un plan de lancement."
    total_cost = factory.LazyAttribute(lambda o: o.call.voucher_amount)
    quotation_amount = factory.LazyAttribute(lambda o: o.call.voucher_amount)
    voucher_requested = factory.LazyAttribute(lambda o: o.call.voucher_amount)
    own_contribution = Decimal("0")
    declares_sme = True
    declares_no_double_funding = True
    declares_independence = True
    declares_truthful = True
    consents_privacy = True
    heard_via = HeardVia.CLUSTER_OR_POLE
    heard_via_detail = "Cluster CAP 2020"
    sme_enterprise_number = factory.LazyAttribute(lambda o: enterprise_number(o.seed))


class PartyFactory(factory.django.DjangoModelFactory):
    """A party of an application; ``SmeFactory`` and ``CreativeFactory`` say which."""

    class Meta:
        model = ApplicationParty

    class Params:
        seed = 1

    application = factory.SubFactory(ApplicationFactory)
    enterprise_number = factory.LazyAttribute(lambda o: enterprise_number(o.seed))
    legal_form = "srl"
    street = factory.LazyAttribute(lambda o: f"Rue de l’Industrie {o.seed % 90 + 1}")
    postal_code = "4000"
    municipality = "Liège"
    site_postal_code = factory.SelfAttribute("postal_code")
    site_municipality = factory.SelfAttribute("municipality")
    province = factory.LazyAttribute(lambda o: locate_postal_code(o.postal_code)[0] or "")
    region = factory.LazyAttribute(lambda o: locate_postal_code(o.postal_code)[1] or "")
    contact_role = "Gérant·e"
    contact_phone = "+32 4 123 45 67"


class SmeFactory(PartyFactory):
    """The SME of an application: a small joinery of Liège."""

    role = PartyRole.SME
    name = factory.LazyAttribute(lambda o: f"Menuiserie Lambert {o.seed}")
    nace_code = "16.23"
    staff_headcount = Decimal("12")
    turnover = Decimal("1800000")
    balance_sheet_total = Decimal("900000")
    reference_year = 2013
    sme_category = "small"
    contact_name = "Claire Lambert"
    contact_email = factory.LazyAttribute(lambda o: f"claire{o.seed}@menuiserie.example")


class CreativeFactory(PartyFactory):
    """The creative provider of an application: a design studio of Namur."""

    class Params:
        seed = 8_000_001

    role = PartyRole.CREATIVE
    postal_code = "5000"
    municipality = "Namur"
    name = factory.LazyAttribute(lambda o: f"Studio Forme {o.seed}")
    nace_code = "74.10"
    creative_domain = "product_design"
    references = "Mobilier pour la Ville de Namur (2012); identité visuelle d’une brasserie (2013)."
    contact_name = "Hugo Renard"
    contact_email = factory.LazyAttribute(lambda o: f"hugo{o.seed}@studioforme.example")


class HoldingFactory(factory.django.DjangoModelFactory):
    """A 30 % holding of the SME's own shares (a partner enterprise)."""

    class Meta:
        model = Holding

    party = factory.SubFactory(SmeFactory)
    name = "Holding Lambert"
    relation = HoldingRelation.HELD_BY
    share = Decimal("30")
    staff_headcount = Decimal("2")
    turnover = Decimal("100000")
    balance_sheet_total = Decimal("500000")


class ImpactIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImpactIndicator

    application = factory.SubFactory(ApplicationFactory)
    indicator = "Nouveaux clients"
    baseline = "0"
    target = "5"


class WorkplanTaskFactory(factory.django.DjangoModelFactory):
    """A month of sketches from the call's execution start."""

    class Meta:
        model = WorkplanTask

    application = factory.SubFactory(ApplicationFactory)
    title = "Esquisses"
    starts_on = factory.LazyAttribute(
        lambda o: o.application.call.execution_start_date or dt.date(2014, 11, 15)
    )
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=30))


class DeMinimisAidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeMinimisAid

    application = factory.SubFactory(ApplicationFactory)
    granted_on = dt.date(2013, 3, 1)
    granting_body = "SPW"
    amount = Decimal("15000")


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A blank one-page PDF the project makes itself, passed by the scanner."""

    class Meta:
        model = Attachment

    class Params:
        content = factory.LazyFunction(pdf_bytes)

    application = factory.SubFactory(ApplicationFactory)
    kind = AttachmentKind.QUOTATION
    original_name = factory.LazyAttribute(lambda o: f"{o.kind}.pdf")
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    uploaded_by = factory.SelfAttribute("application.owner")
    scan_status = ScanStatus.CLEAN
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name="upload"))


def complete_application(*, call, owner, seed=1, sme_postal_code="4000", attachments=True, **fields):
    """A draft of ``call`` that passes every completeness check: both parties, a holding,
    an indicator, a task, a de minimis aid and, with ``attachments``, the two files."""
    application = ApplicationFactory(call=call, owner=owner, seed=seed, **fields)
    sme = SmeFactory(application=application, seed=seed, postal_code=sme_postal_code)
    CreativeFactory(application=application, seed=8_000_000 + seed)
    HoldingFactory(party=sme)
    ImpactIndicatorFactory(application=application)
    WorkplanTaskFactory(application=application)
    DeMinimisAidFactory(application=application)
    if attachments:
        for kind in (AttachmentKind.QUOTATION, AttachmentKind.DECLARATIONS):
            AttachmentFactory(application=application, kind=kind)
    return application


def submitted_application(*, call, owner, seed=1, submitted_at=None, **fields):
    """A complete application as a submission leaves it (status, gap-free sequence and
    reference, submission time), written directly: no receipt, no e-mail, no company
    registered. For tests of the later stages; the submission itself is tested with
    ``application_submit``."""
    application = complete_application(call=call, owner=owner, seed=seed, **fields)
    Call.objects.filter(pk=call.pk).update(last_sequence=F("last_sequence") + 1)
    call.refresh_from_db(fields=["last_sequence"])
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.SUBMITTED,
        sequence=call.last_sequence,
        reference=call.reference_for(call.last_sequence),
        submitted_at=submitted_at or timezone.now(),
    )
    application.refresh_from_db()
    return application


# --- eligibility ----------------------------------------------------------------------


class EligibilityResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EligibilityResult

    application = factory.SubFactory(ApplicationFactory)
    rule_code = factory.Sequence(lambda n: f"E{n % 99 + 1:02d}_TEST")
    rule_version = 1
    outcome = Outcome.PASS
    reason_fr = "Conforme."
    reason_en = "Compliant."
    facts_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.rule_code.encode()).hexdigest())
    evaluated_at = factory.LazyFunction(timezone.now)


# --- jury -----------------------------------------------------------------------------


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    code = factory.Sequence(lambda n: f"criterion_{n}")
    label_fr = factory.Sequence(lambda n: f"Critère {n}")
    label_en = factory.Sequence(lambda n: f"Criterion {n}")
    weight = Decimal("20")


class JuryMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JuryMember

    call = factory.SubFactory(CallFactory)
    user = factory.SubFactory(UserFactory, role="Juror")


class CompanyConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyConflict

    juror = factory.SubFactory(UserFactory, role="Juror")
    enterprise_number = factory.Sequence(lambda n: enterprise_number(6_000_000 + n))
    source = CompanyConflict.Source.STAFF
    recorded_by = factory.SubFactory(UserFactory, role="Staff", is_staff=True)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    application = factory.SubFactory(ApplicationFactory)
    juror = factory.SubFactory(UserFactory, role="Juror")


class ConflictDeclarationFactory(factory.django.DjangoModelFactory):
    """A juror's declaration of no conflict on an application."""

    class Meta:
        model = ConflictDeclaration

    application = factory.SubFactory(ApplicationFactory)
    juror = factory.SubFactory(UserFactory, role="Juror")
    has_conflict = False


class ReviewFactory(factory.django.DjangoModelFactory):
    """A draft review (its scores come from ``ScoreFactory``)."""

    class Meta:
        model = Review

    application = factory.SubFactory(ApplicationFactory)
    juror = factory.SubFactory(UserFactory, role="Juror")


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    review = factory.SubFactory(ReviewFactory)
    criterion = factory.SubFactory(CriterionFactory, call=factory.SelfAttribute("..review.application.call"))
    value = Decimal("7")


class ConsensusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consensus

    application = factory.SubFactory(ApplicationFactory)
    final_score = Decimal("70")
    decided_by = factory.SubFactory(UserFactory, role="Juror")


class RankingSnapshotFactory(factory.django.DjangoModelFactory):
    """A frozen ranking with no rows."""

    class Meta:
        model = RankingSnapshot

    call = factory.SubFactory(CallFactory)
    frozen_by = factory.SubFactory(UserFactory, role="Staff", is_staff=True)
    rows = factory.LazyFunction(list)


# --- awards ---------------------------------------------------------------------------


class AwardDecisionFactory(factory.django.DjangoModelFactory):
    """A proposed award, ranked first, not confirmed."""

    class Meta:
        model = AwardDecision

    application = factory.SubFactory(ApplicationFactory)
    call = factory.SelfAttribute("application.call")
    rank = 1
    proposed_outcome = AwardDecision.Outcome.AWARDED
    outcome = factory.SelfAttribute("proposed_outcome")
    decided_by = factory.SubFactory(UserFactory, role="Staff", is_staff=True)


class LetterFactory(factory.django.DjangoModelFactory):
    """A stored letter whose file is a blank PDF (no rendering)."""

    class Meta:
        model = Letter

    class Params:
        content = factory.LazyFunction(pdf_bytes)

    application = factory.SubFactory(ApplicationFactory)
    kind = Letter.Kind.AWARD
    language = "fr"
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name="letter.pdf"))


# --- follow-up ------------------------------------------------------------------------


class VoucherFollowUpFactory(factory.django.DjangoModelFactory):
    """The follow-up of an accepted award, under way."""

    class Meta:
        model = VoucherFollowUp

    decision = factory.SubFactory(AwardDecisionFactory)
    execution_ends_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=90))
    report_due_on = factory.LazyAttribute(lambda o: o.execution_ends_on + dt.timedelta(days=30))


class FinalReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinalReport

    follow_up = factory.SubFactory(VoucherFollowUpFactory)


class IndicatorResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorResult

    report = factory.SubFactory(FinalReportFactory)
    indicator = factory.SubFactory(
        ImpactIndicatorFactory, application=factory.SelfAttribute("..report.follow_up.decision.application")
    )


class PaymentClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentClaim

    follow_up = factory.SubFactory(VoucherFollowUpFactory)


class FollowUpFileFactory(factory.django.DjangoModelFactory):
    """The provider's invoice, a blank PDF."""

    class Meta:
        model = FollowUpFile

    class Params:
        content = factory.LazyFunction(pdf_bytes)

    follow_up = factory.SubFactory(VoucherFollowUpFactory)
    kind = FollowUpFileKind.INVOICE
    original_name = "facture.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    uploaded_by = factory.SelfAttribute("follow_up.decision.application.owner")
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name="upload"))
