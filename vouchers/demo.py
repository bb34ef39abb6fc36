"""Fictional but valid demo data: enterprise numbers, complete applications (used by
seed_demo and the tests)."""

import datetime as dt
import hashlib
import io
from contextlib import contextmanager
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfWriter

from vouchers.awards.models import AwardDecision
from vouchers.awards.services.decisions import awards_confirm, awards_propose
from vouchers.awards.services.letters import letter_render
from vouchers.awards.services.release import results_release
from vouchers.common.enums import ScanStatus
from vouchers.common.reference.geography import locate_postal_code
from vouchers.eligibility.models import EligibilityResult
from vouchers.eligibility.services.checklist import eligibility_run, eligibility_verdict_record
from vouchers.eligibility.services.decisions import (
    application_declare_eligible,
    application_declare_ineligible,
    application_request_information,
)
from vouchers.follow_up.services.acceptance import award_respond
from vouchers.follow_up.services.drafts import (
    final_report_save,
    follow_up_file_add,
    follow_up_submit,
    payment_claim_save,
)
from vouchers.follow_up.services.stage import (
    follow_up_cancel,
    follow_up_close,
    follow_up_mark_paid,
    follow_up_return,
    follow_up_verify,
)
from vouchers.follow_up.services.withdrawal import application_withdraw
from vouchers.intake.enums import AttachmentKind, HeardVia, HoldingRelation, PartyRole, ProjectKind
from vouchers.intake.models import (
    Application,
    ApplicationParty,
    Attachment,
    Call,
    DeMinimisAid,
    Holding,
    ImpactIndicator,
    WorkplanTask,
)
from vouchers.intake.services.submission import application_submit
from vouchers.jury.criteria import PILOT_CRITERIA
from vouchers.jury.models import Assignment, Criterion, JuryMember
from vouchers.jury.services.assignment import assignment_run, conflict_declare
from vouchers.jury.services.deliberation import consensus_record, ranking_freeze
from vouchers.jury.services.reviews import review_save, review_submit
from wecd_portal.accounts.roles import APPLICANT
from wecd_portal.celery import app as celery_app


def enterprise_number(seed):
    """A valid, fictional Belgian enterprise number built from a seed below 20 000 000."""
    first8 = f"{seed:08d}"[-8:]
    check = 97 - int(first8) % 97
    return f"{first8}{check:02d}"


def pdf_bytes(pages=1):
    """A small, valid PDF with blank pages."""

    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def party_values(role, seed, postal_code="4000", municipality="Liège"):
    province, region = locate_postal_code(postal_code)
    common = {
        "province": province or "",
        "region": region or "",
        "enterprise_number": enterprise_number(seed),
        "legal_form": "srl",
        "street": f"Rue de l’Industrie {seed % 90 + 1}",
        "postal_code": postal_code,
        "municipality": municipality,
        "site_postal_code": postal_code,
        "site_municipality": municipality,
        "contact_role": "Gérant·e",
        "contact_phone": "+32 4 123 45 67",
    }
    if role == PartyRole.SME:
        return {
            **common,
            "name": f"Menuiserie Lambert {seed}",
            "nace_code": "16.23",
            "staff_headcount": Decimal("12"),
            "turnover": Decimal("1800000"),
            "balance_sheet_total": Decimal("900000"),
            "reference_year": 2013,
            "sme_category": "small",
            "contact_name": "Claire Lambert",
            "contact_email": f"claire{seed}@menuiserie.example",
        }
    return {
        **common,
        "name": f"Studio Forme {seed}",
        "nace_code": "74.10",
        "creative_domain": "product_design",
        "references": "Mobilier pour la Ville de Namur (2012); identité visuelle d’une brasserie (2013).",
        "contact_name": "Hugo Renard",
        "contact_email": f"hugo{seed}@studioforme.example",
    }


def complete_application(*, call, owner, seed=1, sme_postal_code="4000", attachments=True, **fields):
    """A draft that passes every completeness check of ``call``."""
    start = call.execution_start_date or dt.date(2014, 11, 15)
    application = Application.objects.create(
        call=call,
        owner=owner,
        title=fields.pop("title", f"Prototype d’un meuble modulaire {seed}"),
        kind=ProjectKind.PROTOTYPE,
        summary="Concevoir et prototyper une gamme de meubles modulaires en bois local.",
        added_value="Un nouveau produit conçu avec l’usager, pas un simple habillage esthétique.",
        objectives="Entrer sur le marché des aménagements de bureaux.",
        deliverables="Un prototype, un dossier de fabrication, un plan de lancement.",
        total_cost=call.voucher_amount,
        quotation_amount=call.voucher_amount,
        voucher_requested=call.voucher_amount,
        own_contribution=Decimal("0"),
        declares_sme=True,
        declares_no_double_funding=True,
        declares_independence=True,
        declares_truthful=True,
        consents_privacy=True,
        heard_via=HeardVia.CLUSTER_OR_POLE,
        heard_via_detail="Cluster CAP 2020",
        sme_enterprise_number=enterprise_number(seed),
        **fields,
    )
    sme = ApplicationParty.objects.create(
        application=application, role=PartyRole.SME, **party_values(PartyRole.SME, seed, sme_postal_code)
    )
    ApplicationParty.objects.create(
        application=application,
        role=PartyRole.CREATIVE,
        **party_values(PartyRole.CREATIVE, 8_000_000 + seed, "5000", "Namur"),
    )
    Holding.objects.create(
        party=sme,
        name="Holding Lambert",
        relation=HoldingRelation.HELD_BY,
        share=Decimal("30"),
        staff_headcount=Decimal("2"),
        turnover=Decimal("100000"),
        balance_sheet_total=Decimal("500000"),
    )
    ImpactIndicator.objects.create(
        application=application, indicator="Nouveaux clients", baseline="0", target="5"
    )
    WorkplanTask.objects.create(
        application=application, title="Esquisses", starts_on=start, ends_on=start + dt.timedelta(days=30)
    )
    DeMinimisAid.objects.create(
        application=application, granted_on=dt.date(2013, 3, 1), granting_body="SPW", amount=Decimal("15000")
    )
    if attachments:
        for kind in (AttachmentKind.QUOTATION, AttachmentKind.DECLARATIONS):
            attachment = Attachment(
                application=application,
                kind=kind,
                original_name=f"{kind}.pdf",
                content_type="application/pdf",
                size=0,
                sha256="",
                uploaded_by=owner,
                # A blank PDF the project generates itself: nothing to scan.
                scan_status=ScanStatus.CLEAN,
            )
            content = pdf_bytes()
            attachment.size = len(content)
            attachment.sha256 = hashlib.sha256(content).hexdigest()
            attachment.file.save("upload", ContentFile(content), save=False)
            attachment.save()
    return application


# --- seed_demo: about 30 applications to the 2014 call, and an open demo call -----------

# The demo calls' letter signatory and sender: demonstration values only, which staff
# replace in the call's "Letters" section of the admin (no letter is written without them).
DEMO_LETTER_SENDER = {
    "signatory_name": "Directrice de Wallonie Design",
    "signatory_title_fr": "Signataire de démonstration (à remplacer dans l’appel)",
    "signatory_title_en": "Demonstration signatory (replace it in the call)",
    "sender_address": "Rue de la Démonstration 1\n4000 Liège",
    "sender_phone": "+32 4 000 00 00",
    "sender_email": "cheques-creativite@wecd.example",
}


def demo_letter_sender(call):
    """Give a demo call the demonstration signatory and sender, field by field where
    staff left it blank (what they entered is kept).

    Side effects: saves those fields of the call."""
    blank = [name for name in DEMO_LETTER_SENDER if not getattr(call, name)]
    for name in blank:
        setattr(call, name, DEMO_LETTER_SENDER[name])
    if blank:
        call.save(update_fields=[*blank, "updated_at"])
    return call


DEMO_SMES = [
    ("Menuiserie Lambert", "4000", "Liège", "16.23"),
    ("Biscuiterie Dumont", "5000", "Namur", "10.72"),
    ("Brasserie des Fagnes", "5660", "Couvin", "11.05"),
    ("Ardennes Métal", "6600", "Bastogne", "25.11"),
    ("Céramiques du Hainaut", "7000", "Mons", "23.41"),
    ("Textiles Verviétois", "4800", "Verviers", "13.92"),
    ("Fromagerie de Herve", "4650", "Herve", "10.51"),
    ("Chocolaterie Mosane", "5500", "Dinant", "10.82"),
    ("Imprimerie Wavrienne", "1300", "Wavre", "17.21"),
    ("Verrerie de Charleroi", "6000", "Charleroi", "23.13"),
    ("Maroquinerie d’Arlon", "6700", "Arlon", "15.12"),
    ("Ébénisterie Eupen", "4700", "Eupen", "31.09"),
    ("Sellerie de Tournai", "7500", "Tournai", "15.12"),
    ("Luminaires Nivellois", "1400", "Nivelles", "27.40"),
    ("Fonderie de Comines", "7780", "Comines-Warneton", "24.51"),
]
DEMO_CREATIVES = [
    ("Studio Forme", "4020", "Liège", "74.10", "product_design"),
    ("Atelier Graphique Nord", "5000", "Namur", "74.10", "graphic_design"),
    ("Agence Clair-Obscur", "1348", "Louvain-la-Neuve", "73.11", "advertising"),
    ("Bureau d’architecture Sillon", "6000", "Charleroi", "71.11", "architecture"),
    ("Pixel & Papier", "7000", "Mons", "59.11", "audiovisual"),
    ("Maison Tissée", "4800", "Verviers", "74.10", "fashion_design"),
]


def _demo_owner(index):
    user, created = get_user_model().objects.get_or_create(email=f"duo{index:02d}@wecd.example")
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=APPLICANT))
    return user


def _name_partners(application, index):
    sme_name, sme_postal, sme_town, sme_nace = DEMO_SMES[index % len(DEMO_SMES)]
    creative_name, cr_postal, cr_town, cr_nace, domain = DEMO_CREATIVES[index % len(DEMO_CREATIVES)]
    for party in application.parties.all():
        if party.role == PartyRole.SME:
            values = {
                "name": f"{sme_name} {index + 1}",
                "postal_code": sme_postal,
                "municipality": sme_town,
                "site_postal_code": sme_postal,
                "site_municipality": sme_town,
                "nace_code": sme_nace,
            }
        else:
            values = {
                "name": f"{creative_name} {index + 1}",
                "postal_code": cr_postal,
                "municipality": cr_town,
                "site_postal_code": cr_postal,
                "site_municipality": cr_town,
                "nace_code": cr_nace,
                "creative_domain": domain,
            }
        province, region = locate_postal_code(values["postal_code"])
        for key, value in {**values, "province": province, "region": region}.items():
            setattr(party, key, value)
        party.save()


PILOT_TITLES = [
    "Un coffret réutilisable pour nos biscuits",
    "Prototype d’un luminaire en verre recyclé",
    "Nouvelle gamme de meubles modulaires",
    "Optimiser l’atelier de découpe",
    "Relancer une bière d’abbaye",
    "Un fromage, une histoire : nouveau packaging",
    "Sac en cuir éco-conçu",
    "Vitrine interactive en magasin",
]


def seed_pilot_applications(*, call, owners, now_in_call, staff=None):
    """About 30 applications to the 2014 call: 24 submitted, 3 withdrawn, 3 drafts;
    with ``staff``, the submitted ones are screened into every eligibility state.

    Side effects: users, applications, attachments, receipts and (sent to memory)
    confirmation emails, through the same services as real applicants use.
    """
    with demo_mail_to_memory():
        created = _seed_pilot(call, owners, now_in_call)
        if staff is not None:
            _screen_pilot(call, staff)
    return created


@contextmanager
def demo_mail_to_memory():
    """Demo emails are delivered to memory at once: never queued for a real worker
    and a real mail server, even when REDIS_URL and EMAIL_URL are set."""

    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        celery_app.conf.task_always_eager = eager


def _seed_pilot(call, owners, now_in_call):
    created = 0
    for index in range(30):
        owner = owners[index] if index < len(owners) else _demo_owner(index)
        application = complete_application(
            call=call,
            owner=owner,
            seed=1000 + index,
            title=f"{PILOT_TITLES[index % len(PILOT_TITLES)]} ({index + 1})",
        )
        _name_partners(application, index)
        if index < 27:
            application_submit(
                application=application, actor=owner, now=now_in_call + dt.timedelta(hours=index)
            )
        if 24 <= index < 27:
            application_withdraw(
                application=application, actor=owner, reason="Le projet est reporté à l’an prochain."
            )
        created += 1
    return created


def _screen_pilot(call, staff):
    """Eligibility states for the demo: 8 eligible, 3 not eligible, 2 asked for more
    information (one overdue), the rest submitted with points still to review."""

    submitted = list(Application.objects.filter(call=call, status="submitted").order_by("sequence"))
    for index, application in enumerate(submitted):
        eligibility_run(application=application, actor=staff)
        review = EligibilityResult.objects.get(application=application, rule_code="E12_REAL_ADDED_VALUE")
        if index < 8:
            eligibility_verdict_record(
                result=review,
                actor=staff,
                verdict="pass",
                justification="Un vrai développement de produit, au-delà de l’esthétique.",
            )
            application_declare_eligible(application=application, actor=staff)
        elif index < 11:
            eligibility_verdict_record(
                result=review,
                actor=staff,
                verdict="fail",
                justification="Le projet se limite à un site vitrine.",
            )
            application_declare_ineligible(application=application, actor=staff)
        elif index < 13:
            application_request_information(
                application=application,
                actor=staff,
                sections=["budget", "attachments"],
                message="Merci de joindre le devis signé et de préciser le budget.",
                due_date=timezone.localdate() + dt.timedelta(days=14),
            )
            if index == 12:  # an overdue request, for the staff filter
                Application.objects.filter(pk=application.pk).update(
                    info_due_date=timezone.localdate() - dt.timedelta(days=3)
                )


def seed_pilot_jury(*, call, jurors, staff):
    """The three demo jurors sit on the 2014 jury (the first presides), the eligible
    applications get their jurors, juror 1 declares no conflict on all of theirs and
    juror 2 declares a conflict on one (it goes to juror 3 or stays short)."""

    for index, juror in enumerate(jurors):
        JuryMember.objects.get_or_create(call=call, user=juror, defaults={"is_president": index == 0})
    if call.review_due_date is None:
        call.review_due_date = dt.date(2014, 11, 7)
        call.save(update_fields=["review_due_date"])
    assignment_run(call=call, actor=staff, seed=2014)
    for assignment in Assignment.objects.filter(juror=jurors[0]).select_related("application"):
        conflict_declare(application=assignment.application, juror=jurors[0], conflicted_numbers=[])
    second = Assignment.objects.filter(juror=jurors[1]).select_related("application").first()
    if second is not None:
        conflict_declare(
            application=second.application,
            juror=jurors[1],
            conflicted_numbers=[second.application.sme_enterprise_number],
        )


def seed_pilot_reviews(*, call, jurors):
    """Reviews in every state: juror 1 submits all but one (left as a draft), juror 3
    declares no conflict and submits half of theirs, juror 2 has not started."""

    criteria = list(Criterion.objects.filter(call=call))
    if not criteria:
        return
    for position, juror in enumerate((jurors[0], jurors[2])):
        assignments = list(
            Assignment.objects.filter(juror=juror, application__call=call).select_related("application")
        )
        for index, assignment in enumerate(assignments):
            application = assignment.application
            if position == 1:
                if index % 2:
                    continue
                conflict_declare(application=application, juror=juror, conflicted_numbers=[])
            answers = {
                criterion.pk: (
                    str(4 + (application.sequence * (criterion.position + 1) + position * 3) % 6),
                    f"Appréciation du critère « {criterion.label_fr} ».",
                    "",
                )
                for criterion in criteria
            }
            review = review_save(
                application=application,
                juror=juror,
                answers=answers,
                overall_comment="Projet cohérent, duo complémentaire.",
            )
            if not (position == 0 and index == len(assignments) - 1):
                review_submit(review=review, juror=juror)


RELEASED_DEMO_SLUG = "demo-released-call"
RELEASED_DEMO_APPLICATIONS = 14  # 13 eligible (9 vouchers, a reserve list, rejections) and 1 ineligible


def seed_released_demo_call(*, staff, jurors, owners):
    """A demonstration call taken through the whole process and released: vouchers
    declined (the first reserve promoted), awaiting an answer, and accepted at every
    stage of their follow-up (under way and late, sent, returned, verified, paid,
    closed, cancelled); a reserve list; rejections; one ineligible application."""

    if Call.objects.filter(slug=RELEASED_DEMO_SLUG).exists():
        return None
    now = timezone.now()
    call = Call.objects.create(
        slug=RELEASED_DEMO_SLUG,
        name_fr="Appel de démonstration – résultats publiés",
        name_en="Demonstration call – results released",
        # Released long enough ago for projects to have ended: every stage of a
        # voucher's life, late reports included, is on show.
        opens_at=now - dt.timedelta(days=520),
        closes_at=now - dt.timedelta(days=470),
        voucher_amount=Decimal("6000"),
        voucher_count=9,
        results_date=(now - dt.timedelta(days=420)).date(),
        execution_start_date=(now - dt.timedelta(days=400)).date(),
        execution_end_date=(now - dt.timedelta(days=70)).date(),
        de_minimis_ceiling=Decimal("300000"),
        jurors_per_application=2,
        pass_threshold=Decimal("50"),
        reference_prefix="DEMO",
        **DEMO_LETTER_SENDER,
    )
    for values in PILOT_CRITERIA:
        Criterion.objects.create(call=call, **values)
    for index, juror in enumerate(jurors):
        JuryMember.objects.create(call=call, user=juror, is_president=index == 0)
    applications = []
    for index in range(RELEASED_DEMO_APPLICATIONS):
        owner = owners[index] if index < len(owners) else _demo_owner(40 + index)
        application = complete_application(
            call=call,
            owner=owner,
            seed=3000 + index,
            title=f"{PILOT_TITLES[index % len(PILOT_TITLES)]} (démo)",
        )
        _name_partners(application, index + 3)
        application_submit(
            application=application, actor=owner, now=call.opens_at + dt.timedelta(days=10, hours=index)
        )
        application.refresh_from_db()
        eligibility_run(application=application, actor=staff)  # also queued by the submission: idempotent
        review = EligibilityResult.objects.get(application=application, rule_code="E12_REAL_ADDED_VALUE")
        if index == RELEASED_DEMO_APPLICATIONS - 1:
            eligibility_verdict_record(
                result=review, actor=staff, verdict="fail", justification="Un site vitrine, sans plus."
            )
            application_declare_ineligible(application=application, actor=staff)
        else:
            eligibility_verdict_record(
                result=review, actor=staff, verdict="pass", justification="Un vrai produit nouveau."
            )
            application_declare_eligible(application=application, actor=staff)
            applications.append(application)
    assignment_run(call=call, actor=staff, seed=7)
    criteria = list(Criterion.objects.filter(call=call))
    for position, application in enumerate(applications):
        for assignment in application.assignments.select_related("juror"):
            conflict_declare(application=application, juror=assignment.juror, conflicted_numbers=[])
            answers = {
                c.pk: (str(9 - position // 3 - c.position % 2), "Appréciation argumentée.", "")
                for c in criteria
            }
            review = review_save(
                application=application,
                juror=assignment.juror,
                answers=answers,
                overall_comment="Avis motivé.",
            )
            review_submit(review=review, juror=assignment.juror)
        consensus_record(
            application=application,
            actor=staff,
            comments={c.code: f"Le jury souligne la qualité du critère « {c.label_fr} »." for c in criteria},
        )
    ranking_freeze(call=call, actor=staff)
    awards_propose(call=call, actor=staff)
    awards_confirm(call=call, actor=staff)
    for application in [*applications, Application.objects.get(call=call, status="ineligible")]:
        letter_render(application=application)
    results_release(call=call, actor=staff)
    awarded = list(
        AwardDecision.objects.filter(call=call, outcome="awarded")
        .select_related("application__owner")
        .order_by("rank")
    )
    award_respond(
        decision=awarded[1], actor=awarded[1].application.owner, accept=False, reason="Le projet est reporté."
    )
    # awarded[2] and the promoted first reserve wait for their answers; the others
    # accepted and stand at every stage of a voucher's life.
    for decision, stage in zip([awarded[0], *awarded[3:]], DEMO_VOUCHER_STAGES, strict=False):
        award_respond(decision=decision, actor=decision.application.owner, accept=True)
        follow_up_to_stage(decision.follow_up, stage, staff=staff)
    return call


# The stages the released demonstration call's accepted vouchers are taken to.
DEMO_VOUCHER_STAGES = ("closed", "in_progress", "submitted", "returned", "verified", "paid", "cancelled")


def follow_up_complete(follow_up, *, amount="7000.00", vat="1470.00", invoice_date=None):
    """Fill a voucher's final report and payment claim and attach the invoice, ready to send."""

    application = follow_up.decision.application
    owner = application.owner
    final_report_save(
        follow_up=follow_up,
        actor=owner,
        achievements="Une nouvelle ligne d’emballages et sa campagne de lancement.",
        sme_testimony="Nos ventes ont progressé d’un cinquième.",
        provider_testimony="Un projet exigeant et enrichissant.",
        results={indicator.pk: ("7", "Sept nouveaux clients") for indicator in application.indicators.all()},
    )
    payment_claim_save(
        follow_up=follow_up,
        actor=owner,
        invoice_number=f"F-{follow_up.decision.voucher_number:03d}",
        invoice_date=invoice_date or timezone.localdate() - dt.timedelta(days=1),
        amount_excl_vat=Decimal(amount),
        vat_amount=Decimal(vat),
        payee_iban="BE71 0961 2345 6769",
    )
    follow_up_file_add(
        follow_up=follow_up,
        actor=owner,
        kind="invoice",
        uploaded_file=SimpleUploadedFile("facture.pdf", pdf_bytes(), content_type="application/pdf"),
    )
    return follow_up


def follow_up_to_stage(follow_up, stage, *, staff):
    """Take an accepted voucher to ``stage`` through the services, as people would."""

    if stage == "in_progress":
        return follow_up
    if stage == "cancelled":
        return follow_up_cancel(follow_up=follow_up, actor=staff, reason="L’entreprise a renoncé au projet.")
    follow_up_complete(follow_up)
    follow_up_submit(follow_up=follow_up, actor=follow_up.decision.application.owner)
    if stage == "returned":
        return follow_up_return(follow_up=follow_up, actor=staff, note="La facture n’est pas signée.")
    if stage == "submitted":
        return follow_up
    follow_up_verify(follow_up=follow_up, actor=staff)
    if stage != "verified":
        follow_up_mark_paid(
            follow_up=follow_up, actor=staff, paid_on=timezone.localdate() - dt.timedelta(days=3)
        )
    if stage == "closed":
        follow_up_close(follow_up=follow_up, actor=staff)
    return follow_up
