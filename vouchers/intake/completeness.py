"""What an application still lacks or gets wrong, section by section.

Used by the review page and by application_submit (and later by the eligibility
rules): every check calls the validators, so each rule lives in one place.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vouchers.common import validators
from vouchers.intake.enums import REQUIRED_ATTACHMENT_KINDS, AttachmentKind, PartyRole, ProjectKind

SECTIONS = (
    ("sme", _("The SME")),
    ("creative", _("The creative provider")),
    ("project", _("The project")),
    ("budget", _("Budget")),
    ("declarations", _("Declarations")),
    ("origin", _("How you heard of the call")),
    ("attachments", _("Attachments")),
)
SECTION_LABELS = dict(SECTIONS)


@dataclass(frozen=True)
class Problem:
    section: str
    message: str

    @property
    def section_label(self):
        return SECTION_LABELS[self.section]


def _messages(error):
    return [str(message) for message in error.messages]


def _missing(section, obj, fields):
    problems = []
    for name in fields:
        value = getattr(obj, name, None) if obj is not None else None
        if value in (None, ""):
            label = obj._meta.get_field(name).verbose_name if obj is not None else name
            problems.append(Problem(section, _("Missing: %(field)s.") % {"field": label}))
    return problems


PARTY_REQUIRED = (
    "enterprise_number",
    "name",
    "legal_form",
    "street",
    "postal_code",
    "municipality",
    "site_postal_code",
    "site_municipality",
    "nace_code",
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
)
SME_REQUIRED = (*PARTY_REQUIRED, "staff_headcount", "turnover", "balance_sheet_total", "reference_year")
CREATIVE_REQUIRED = (*PARTY_REQUIRED, "creative_domain", "references")
BUDGET_FIELDS = ("total_cost", "quotation_amount", "voucher_requested", "own_contribution")
DECLARATION_FIELDS = (
    "declares_sme",
    "declares_no_double_funding",
    "declares_independence",
    "declares_truthful",
    "consents_privacy",
)


def _party_problems(section, party, required):
    if party is None:
        return [Problem(section, _("This section has not been filled in yet."))]
    problems = _missing(section, party, required)
    for name in ("postal_code", "site_postal_code") if section == "sme" else ("site_postal_code",):
        value = getattr(party, name)
        if value:
            try:
                validators.validate_walloon_postal_code(value)
            except ValidationError as error:
                problems += [Problem(section, message) for message in _messages(error)]
    return problems


def sme_category_of(party):
    """The SME category from the party's own figures and its holdings, or '' if unknown."""
    if party is None or None in (party.staff_headcount, party.turnover, party.balance_sheet_total):
        return ""
    own = validators.EnterpriseFigures(party.staff_headcount, party.turnover, party.balance_sheet_total)
    holdings = [
        (
            holding.share,
            validators.EnterpriseFigures(
                holding.staff_headcount, holding.turnover, holding.balance_sheet_total
            ),
        )
        for holding in party.holdings.all()
    ]
    return validators.sme_category(validators.aggregate_figures(own, holdings))


def _partner_problems(sme, creative):
    problems = _party_problems("sme", sme, SME_REQUIRED)
    if sme is not None:
        try:
            validators.validate_sme_category(sme_category_of(sme))
        except ValidationError as error:
            problems += [Problem("sme", message) for message in _messages(error)]
    problems += _party_problems("creative", creative, CREATIVE_REQUIRED)
    if sme and creative:
        try:
            validators.validate_distinct_partners(sme.enterprise_number, creative.enterprise_number)
            validators.validate_partners_independent(
                sme_holding_numbers=[holding.enterprise_number for holding in sme.holdings.all()],
                creative_number=creative.enterprise_number,
            )
        except ValidationError as error:
            problems += [Problem("creative", message) for message in _messages(error)]
    return problems


def _project_problems(application, call):
    fields = ["title", "kind", "summary", "added_value", "objectives", "deliverables"]
    if application.kind == ProjectKind.OTHER:
        fields.append("kind_other")
    problems = _missing("project", application, fields)
    if not application.indicators.all():
        problems.append(
            Problem("project", _("Give at least one impact indicator with its baseline and target."))
        )
    tasks = list(application.tasks.all())
    if not tasks:
        problems.append(Problem("project", _("Give the workplan: at least one task with its dates.")))
    for task in tasks:
        try:
            validators.validate_period_dates(
                start=task.starts_on,
                end=task.ends_on,
                period_start=call.execution_start_date,
                period_end=call.execution_end_date,
            )
        except ValidationError as error:
            problems += [Problem("project", f"{task.title}: {message}") for message in _messages(error)]
    return problems


def _budget_problems(application, call):
    missing = _missing("budget", application, BUDGET_FIELDS)
    if missing:
        return missing
    return [
        Problem("budget", message)
        for message in validators.budget_errors(
            total_cost=application.total_cost,
            quotation_amount=application.quotation_amount,
            voucher_requested=application.voucher_requested,
            own_contribution=application.own_contribution,
            call=call,
        )
    ]


def _declaration_problems(application, call, now):
    problems = []
    for name in DECLARATION_FIELDS:
        if not getattr(application, name):
            label = application._meta.get_field(name).verbose_name
            problems.append(Problem("declarations", _("Please confirm: %(field)s.") % {"field": label}))
    de_minimis = validators.de_minimis_error(
        aids=[(aid.granted_on, aid.amount) for aid in application.de_minimis_aids.all()],
        call=call,
        reference_year=timezone.localdate(now).year,
    )
    if de_minimis:
        problems.append(Problem("declarations", de_minimis))
    return problems


def _attachment_problems(application):
    kinds = {attachment.kind for attachment in application.attachments.all()}
    return [
        Problem("attachments", _("Missing: %(kind)s.") % {"kind": AttachmentKind(kind).label})
        for kind in REQUIRED_ATTACHMENT_KINDS
        if kind not in kinds
    ]


def application_problems(application, *, now=None):
    """Every problem that prevents submission, in section order (empty when complete)."""
    now = now or timezone.now()
    parties = {party.role: party for party in application.parties.all()}
    call = application.call
    return [
        *_partner_problems(parties.get(PartyRole.SME), parties.get(PartyRole.CREATIVE)),
        *_project_problems(application, call),
        *_budget_problems(application, call),
        *_declaration_problems(application, call, now),
        *_missing("origin", application, ["heard_via"]),
        *_attachment_problems(application),
    ]


def _sme_warnings(application):
    warnings = []
    for party in application.parties.all():  # prefetched by the review and detail pages
        if party.role != PartyRole.SME:
            continue
        message = validators.creative_nace_warning(party.nace_code)
        if message:
            warnings.append(Problem("sme", message))
    return warnings


# The sections that can raise warnings, and how (a section page asks only its own).
_WARNINGS = {"sme": _sme_warnings}


def application_warnings(application, *, section=None):
    """Points staff will check, shown to the applicant without blocking submission:
    all of them, or those of one section."""
    if section is None:
        return [warning for find in _WARNINGS.values() for warning in find(application)]
    find = _WARNINGS.get(section)
    return find(application) if find else []
