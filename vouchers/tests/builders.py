"""A complete, valid application in one call, for tests and the demo data."""

import datetime as dt
import hashlib
from decimal import Decimal

from django.core.files.base import ContentFile

from vouchers.enums import AttachmentKind, HeardVia, HoldingRelation, PartyRole, ProjectKind
from vouchers.models import (
    Application,
    ApplicationParty,
    Attachment,
    DeMinimisAid,
    Holding,
    ImpactIndicator,
    WorkplanTask,
)
from vouchers.reference.geography import locate_postal_code
from vouchers.tests.factories import enterprise_number, pdf_bytes


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
            )
            content = pdf_bytes()
            attachment.size = len(content)
            attachment.sha256 = hashlib.sha256(content).hexdigest()
            attachment.file.save("upload", ContentFile(content), save=False)
            attachment.save()
    return application
