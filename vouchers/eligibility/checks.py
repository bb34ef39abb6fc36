"""The eligibility rules, one small function each, reusing the application validators.

Each returns PASS, FAIL or REVIEW with a reason that quotes the values it judged. A
rule's ``version`` goes up whenever its logic changes, so stored results say which
logic produced them.
"""

import io

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader

from vouchers.common import validators
from vouchers.common.reference.creative import is_creative_nace
from vouchers.intake.completeness import sme_category_of
from vouchers.intake.enums import ACTIVE_SUBMITTED_STATUSES, REQUIRED_ATTACHMENT_KINDS, PartyRole
from vouchers.intake.models import Application, ApplicationParty
from vouchers.intake.models.calls import submissions_end

from .registry import RULES, Outcome, Reason, failed, passed, rule, to_review


def _parties(application):
    parties = {party.role: party for party in application.parties.all()}
    return parties.get(PartyRole.SME), parties.get(PartyRole.CREATIVE)


def _error_text(error):
    return " ".join(str(message) for message in error.messages)


def _because(error):
    """A reason quoting a validator's message, rendered later in any language."""
    return Reason(_("%(reason)s"), {"reason": lambda: _error_text(error)})


@rule(
    code="E01_WALLOON_SITES",
    version=1,
    title=_("Sites in Wallonia"),
    description=_("Both partners’ operating sites and the SME’s registered office are in Wallonia."),
)
def walloon_sites(application):
    sme, creative = _parties(application)
    codes = {
        "sme_office": sme.postal_code if sme else "",
        "sme_site": sme.site_postal_code if sme else "",
        "creative_site": creative.site_postal_code if creative else "",
    }
    for code in codes.values():
        try:
            validators.validate_walloon_postal_code(code)
        except ValidationError as error:
            return failed(_because(error), **codes)
    return passed(
        Reason(_("Postal codes %(sme_office)s, %(sme_site)s and %(creative_site)s are in Wallonia."), codes),
        **codes,
    )


@rule(
    code="E02_SME_DEFINITION",
    version=2,
    title=_("SME definition"),
    description=_(
        "With its partner and linked enterprises, the SME is micro, small or medium-sized (2003/361/EC)."
    ),
)
def sme_definition(application):
    sme, _creative = _parties(application)
    category = sme_category_of(sme)
    facts = {
        "staff": sme.staff_headcount if sme else None,
        "turnover": sme.turnover if sme else None,
        "balance_sheet": sme.balance_sheet_total if sme else None,
        "holdings": sorted(
            (h.enterprise_number, h.relation, h.share, h.staff_headcount, h.turnover, h.balance_sheet_total)
            for h in sme.holdings.all()
        )
        if sme
        else [],
        "category": category,
    }
    if category in ("", validators.SmeCategory.NOT_SME):
        return failed(
            Reason(
                _(
                    "Not an SME: %(staff)s AWU, turnover %(turnover)s, balance sheet %(balance)s with its holdings."
                ),
                {"staff": facts["staff"], "turnover": facts["turnover"], "balance": facts["balance_sheet"]},
            ),
            **facts,
        )
    return passed(
        Reason(
            _("%(category)s (%(staff)s AWU with its holdings)."),
            {"category": validators.SmeCategory(category).label, "staff": facts["staff"]},
        ),
        **facts,
    )


@rule(
    code="E03_CREATIVE_PARTNER",
    outcomes=(Outcome.PASS, Outcome.REVIEW, Outcome.FAIL),
    version=1,
    title=_("Creative partner"),
    description=_(
        "The provider’s main activity is creative (NACE code or domain); unclear cases go to review."
    ),
)
def creative_partner(application):
    _sme, creative = _parties(application)
    facts = {
        "nace": creative.nace_code if creative else "",
        "domain": creative.creative_domain if creative else "",
    }
    if is_creative_nace(facts["nace"]):
        return passed(Reason(_("NACE code %(nace)s is a creative activity."), facts), **facts)
    if facts["domain"]:
        return to_review(
            Reason(
                _("NACE code %(nace)s is not in the creative list; the declared domain must be confirmed."),
                facts,
            ),
            **facts,
        )
    return failed(Reason(_("Neither a creative NACE code (%(nace)s) nor a creative domain."), facts), **facts)


@rule(
    code="E04_SME_NOT_CREATIVE",
    outcomes=(Outcome.PASS, Outcome.REVIEW),
    version=1,
    title=_("Traditional SME"),
    description=_("The SME’s own main activity is not creative; a creative NACE code goes to review."),
)
def sme_not_creative(application):
    sme, _creative = _parties(application)
    facts = {"nace": sme.nace_code if sme else ""}
    if is_creative_nace(facts["nace"]):
        return to_review(Reason(_("The SME’s NACE code %(nace)s is a creative activity."), facts), **facts)
    return passed(Reason(_("NACE code %(nace)s is not a creative activity."), facts), **facts)


@rule(
    code="E05_DISTINCT_INDEPENDENT",
    version=1,
    title=_("Distinct, independent partners"),
    description=_(
        "Two different enterprises; the provider is not among the SME’s partner or linked enterprises, "
        "and the independence declaration is signed."
    ),
)
def distinct_independent(application):
    sme, creative = _parties(application)
    facts = {
        "sme": sme.enterprise_number if sme else "",
        "creative": creative.enterprise_number if creative else "",
        "holdings": sorted(h.enterprise_number for h in sme.holdings.all()) if sme else [],
        "declared": application.declares_independence,
    }
    try:
        validators.validate_distinct_partners(facts["sme"], facts["creative"])
        validators.validate_partners_independent(
            sme_holding_numbers=facts["holdings"], creative_number=facts["creative"]
        )
    except ValidationError as error:
        return failed(_because(error), **facts)
    if not facts["declared"]:
        return failed(Reason(_("The independence declaration is not signed."), {}), **facts)
    return passed(
        Reason(
            _("%(sme)s and %(creative)s are distinct and declared independent."),
            {
                "sme": validators.format_enterprise_number(facts["sme"]),
                "creative": validators.format_enterprise_number(facts["creative"]),
            },
        ),
        **facts,
    )


@rule(
    code="E06_ON_TIME",
    version=2,
    title=_("Submitted on time"),
    description=_("Submitted before the call’s deadline (Brussels time)."),
)
def on_time(application):
    facts = {"submitted_at": application.submitted_at, "closes_at": application.call.closes_at}
    params = {"submitted": application.submitted_at or "—", "closes": application.call.closes_at}
    # In time until the end of the minute the deadline shows (as the submission checks).
    if application.submitted_at and application.call.opens_at <= application.submitted_at < submissions_end(
        application.call.closes_at
    ):
        return passed(Reason(_("Submitted on %(submitted)s, deadline %(closes)s."), params), **facts)
    return failed(
        Reason(_("Submitted on %(submitted)s, after or outside the call (deadline %(closes)s)."), params),
        **facts,
    )


def _pdf_pages(attachment):
    try:
        with attachment.file.open("rb") as handle:
            return len(PdfReader(io.BytesIO(handle.read())).pages)
    except Exception:  # a missing or unreadable file: zero pages
        return 0


@rule(
    code="E07_ATTACHMENTS",
    version=1,
    title=_("Required attachments"),
    description=_(
        "The quotation and the signed declarations are present, and every PDF opens and has pages."
    ),
)
def attachments_readable(application):
    attachments = list(application.attachments.all())
    kinds = {attachment.kind for attachment in attachments}
    missing = [kind for kind in REQUIRED_ATTACHMENT_KINDS if kind not in kinds]
    unreadable = [
        a.original_name for a in attachments if a.content_type == "application/pdf" and _pdf_pages(a) < 1
    ]
    facts = {
        "files": sorted((a.kind, a.sha256) for a in attachments),
        "unreadable": unreadable,
        "missing": missing,
    }
    if missing:
        names = lambda: ", ".join(str(kind.label) for kind in missing)  # noqa: E731 - rendered per language
        return failed(Reason(_("Missing: %(missing)s."), {"missing": names}), **facts)
    if unreadable:
        return failed(Reason(_("Cannot be opened: %(files)s."), {"files": ", ".join(unreadable)}), **facts)
    return passed(Reason(_("%(count)s files present and readable."), {"count": len(attachments)}), **facts)


@rule(
    code="E08_BUDGET",
    version=1,
    title=_("Budget and voucher amount"),
    description=_("The figures add up, the voucher equals the call’s amount and the SME pays its share."),
)
def budget(application):
    values = {
        "total_cost": application.total_cost,
        "quotation_amount": application.quotation_amount,
        "voucher_requested": application.voucher_requested,
        "own_contribution": application.own_contribution,
    }
    if None in values.values():
        return failed(Reason(_("The budget is incomplete."), {}), **values)
    call = application.call
    if validators.budget_errors(**values, call=call):
        reason = Reason(
            _("%(reason)s"),
            {"reason": lambda: " ".join(str(e) for e in validators.budget_errors(**values, call=call))},
        )
        return failed(reason, **values)
    return passed(Reason(_("The budget adds up."), {}), **values)


@rule(
    code="E09_DE_MINIMIS",
    version=1,
    title=_("De minimis ceiling"),
    description=_("De minimis aid received in the window plus the voucher stays within the call’s ceiling."),
)
def de_minimis(application):
    aids = [(aid.granted_on, aid.amount) for aid in application.de_minimis_aids.all()]
    year = timezone.localtime(application.submitted_at or timezone.now()).year
    facts = {"aids": aids, "year": year, "ceiling": application.call.de_minimis_ceiling}
    call = application.call
    if validators.de_minimis_error(aids=aids, call=call, reference_year=year):
        reason = Reason(
            _("%(reason)s"),
            {"reason": lambda: validators.de_minimis_error(aids=aids, call=call, reference_year=year)},
        )
        return failed(reason, **facts)
    return passed(Reason(_("Within the de minimis ceiling."), {}), **facts)


@rule(
    code="E10_ONE_PER_SME",
    version=1,
    title=_("One application per SME"),
    description=_("The SME has no other active application in the call."),
)
def one_per_sme(application):
    others = list(
        Application.objects.filter(
            call_id=application.call_id,
            sme_enterprise_number=application.sme_enterprise_number,
            status__in=ACTIVE_SUBMITTED_STATUSES,
        )
        .exclude(pk=application.pk)
        .values_list("reference", flat=True)
    )
    facts = {"sme": application.sme_enterprise_number, "others": sorted(others)}
    if others:
        return failed(
            Reason(_("The SME also applied under %(others)s."), {"others": ", ".join(sorted(others))}),
            **facts,
        )
    return passed(Reason(_("The only application of this SME in the call."), {}), **facts)


@rule(
    code="E11_PROVIDER_CONCENTRATION",
    outcomes=(Outcome.PASS, Outcome.REVIEW),
    version=1,
    title=_("Creative provider in many applications"),
    description=_("A creative provider in more applications than the call allows goes to review."),
)
def provider_concentration(application):
    _sme, creative = _parties(application)
    number = creative.enterprise_number if creative else ""
    count = (
        ApplicationParty.objects.filter(
            role=PartyRole.CREATIVE,
            enterprise_number=number,
            application__call_id=application.call_id,
            application__status__in=ACTIVE_SUBMITTED_STATUSES,
        ).count()
        if number
        else 0
    )
    limit = application.call.provider_application_limit
    facts = {"creative": number, "count": count, "limit": limit}
    params = {"count": count, "limit": limit}
    if count > limit:
        return to_review(
            Reason(_("This provider is in %(count)s applications (more than %(limit)s)."), params), **facts
        )
    return passed(
        Reason(_("This provider is in %(count)s application(s) (limit %(limit)s)."), params), **facts
    )


@rule(
    code="E12_REAL_ADDED_VALUE",
    outcomes=(Outcome.REVIEW,),
    version=2,
    title=_("Real added value, not just aesthetics"),
    description=_("Always reviewed by a person: more than a showcase website or a purely aesthetic job."),
)
def real_added_value(application):
    # Everything a person reads to judge it: a change to any of these reopens the point.
    facts = {
        name: getattr(application, name)
        for name in ("kind", "kind_other", "title", "summary", "added_value", "objectives", "deliverables")
    }
    return to_review(
        Reason(_("A person judges the creative added value (“%(title)s”)."), {"title": application.title}),
        **facts,
    )


def all_rules():
    """Every registered rule, by code (importing this module registers them)."""
    return [RULES[code] for code in sorted(RULES)]
