"""The application's rules, one function each: the forms, the submission service and
the eligibility engine all call these, so a rule is written once.

Field validators raise ``ValidationError`` with a translated message that quotes the
value judged; computations return plain values.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from stdnum import iban
from stdnum.exceptions import ValidationError as StdnumError

from vouchers.common.reference.creative import is_creative_nace
from vouchers.common.reference.geography import Region, locate_postal_code
from wecd_portal.core.templatetags.portal import format_money
from wecd_portal.core.templatetags.portal import iban as iban_grouped

# --- Belgian enterprise number (BCE/KBO) -------------------------------------------


def normalize_enterprise_number(raw):
    """Canonical 10 digits from user input (`BE 0123.456.749`, `123456749`…), or raise."""
    value = re.sub(r"[\s./-]", "", str(raw or "")).upper().removeprefix("BE")
    if len(value) == 9 and value.isdigit():
        value = "0" + value  # legacy 9-digit numbers
    if len(value) != 10 or not value.isdigit():
        raise ValidationError(
            _("“%(value)s” is not a Belgian enterprise number: it must have 10 digits, e.g. 0123.456.749."),
            code="enterprise_number_format",
            params={"value": raw},
        )
    if value[0] not in "01":
        raise ValidationError(
            _("“%(value)s” is not a Belgian enterprise number: it must start with 0 or 1."),
            code="enterprise_number_format",
            params={"value": raw},
        )
    # The check digits are 97 - (first 8 mod 97), from 01 to 97: never 00.
    if int(value[8:]) != 97 - int(value[:8]) % 97:
        raise ValidationError(
            _("The enterprise number %(value)s is not valid: its check digits do not match."),
            code="enterprise_number_checksum",
            params={"value": format_enterprise_number(value)},
        )
    return value


def validate_enterprise_number(value):
    normalize_enterprise_number(value)


def format_enterprise_number(value):
    """`0123456749` → `0123.456.749`."""
    return f"{value[:4]}.{value[4:7]}.{value[7:]}" if value and len(value) == 10 else value


# --- Postal codes ----------------------------------------------------------------------


def validate_belgian_postal_code(value):
    if not re.fullmatch(r"\d{4}", str(value or "")) or locate_postal_code(value) == (None, None):
        raise ValidationError(
            _("“%(value)s” is not a Belgian postal code (4 digits, 1000 to 9999)."),
            code="postal_code_format",
            params={"value": value},
        )


def validate_walloon_postal_code(value):
    """Wallonia = 1300–1499 or 4000–7999; Brussels and Flanders are refused with the reason."""
    validate_belgian_postal_code(value)
    province, region = locate_postal_code(value)
    if region != Region.WALLONIA:
        raise ValidationError(
            _(
                "The postal code %(value)s is in %(region)s (%(province)s): the site must be in "
                "Wallonia (postal codes 1300–1499 or 4000–7999)."
            ),
            code="postal_code_not_walloon",
            params={"value": value, "region": region.label, "province": province.label},
        )


# --- NACE codes --------------------------------------------------------------------------


def normalize_nace_code(raw):
    """`7410` or `74.10` → `74.10`; refuses anything but a NACE Rev.2 class or subclass."""
    value = re.sub(r"\s", "", str(raw or ""))
    digits = value.replace(".", "")
    if not re.fullmatch(r"\d{4,5}", digits):
        raise ValidationError(
            _("“%(value)s” is not a NACE code: give the 4-digit class, e.g. 74.10."),
            code="nace_format",
            params={"value": raw},
        )
    return f"{digits[:2]}.{digits[2:]}"


def validate_nace_code(value):
    normalize_nace_code(value)


def creative_nace_warning(nace_code):
    """A warning (not a refusal) when the SME's own main activity is creative."""
    if nace_code and is_creative_nace(nace_code):
        return _(
            "The NACE code %(code)s is a creative-industry activity: the SME should be a “traditional” "
            "company. Wallonie Design will check this."
        ) % {"code": nace_code}
    return ""


# --- SME definition (Recommendation 2003/361/EC) ----------------------------------------


class SmeCategory(models.TextChoices):
    MICRO = "micro", _("Micro enterprise")
    SMALL = "small", _("Small enterprise")
    MEDIUM = "medium", _("Medium-sized enterprise")
    NOT_SME = "not_sme", _("Not an SME")


# category → (staff strictly below, turnover at most, balance sheet at most), in EUR
SME_THRESHOLDS = (
    (SmeCategory.MICRO, Decimal("10"), Decimal("2000000"), Decimal("2000000")),
    (SmeCategory.SMALL, Decimal("50"), Decimal("10000000"), Decimal("10000000")),
    (SmeCategory.MEDIUM, Decimal("250"), Decimal("50000000"), Decimal("43000000")),
)


@dataclass(frozen=True)
class EnterpriseFigures:
    staff: Decimal
    turnover: Decimal
    balance_sheet: Decimal


def aggregate_figures(own, holdings):
    """Own figures plus partner enterprises pro rata (25–50 %) and linked ones in full (> 50 %).

    ``holdings`` is an iterable of (share_percent, EnterpriseFigures).
    """
    staff, turnover, balance = own.staff, own.turnover, own.balance_sheet
    for share, figures in holdings:
        factor = Decimal("1") if share > 50 else Decimal(share) / Decimal("100")
        staff += figures.staff * factor
        turnover += figures.turnover * factor
        balance += figures.balance_sheet * factor
    return EnterpriseFigures(staff=staff, turnover=turnover, balance_sheet=balance)


def sme_category(figures):
    """The smallest category whose staff ceiling holds and whose turnover OR balance sheet holds."""
    for category, staff_below, turnover_max, balance_max in SME_THRESHOLDS:
        if figures.staff < staff_below and (
            figures.turnover <= turnover_max or figures.balance_sheet <= balance_max
        ):
            return category
    return SmeCategory.NOT_SME


def validate_sme_category(category):
    if category == SmeCategory.NOT_SME:
        raise ValidationError(
            _(
                "With its partner and linked enterprises, the company is not an SME: it needs fewer "
                "than 250 staff and a turnover of at most €50 million or a balance-sheet total of at "
                "most €43 million."
            ),
            code="not_sme",
        )


# --- Partners, budget, state aid, dates ------------------------------------------------


def validate_distinct_partners(sme_number, creative_number):
    if sme_number and creative_number and sme_number == creative_number:
        raise ValidationError(
            _("The SME and the creative provider must be two different enterprises (both are %(number)s)."),
            code="same_enterprise",
            params={"number": format_enterprise_number(sme_number)},
        )


def validate_partners_independent(*, sme_holding_numbers, creative_number):
    """The SME lists its partner and linked enterprises: the creative provider must not be one."""
    if creative_number and creative_number in set(sme_holding_numbers):
        raise ValidationError(
            _(
                "The creative provider (%(number)s) is listed among the SME’s partner or linked enterprises: "
                "the two partners must be independent."
            ),
            code="partners_linked",
            params={"number": format_enterprise_number(creative_number)},
        )


def validate_holding_share(value):
    if value is not None and not (Decimal("25") <= value <= Decimal("100")):
        raise ValidationError(
            _("List only holdings of 25 %% or more (up to 100 %%); %(value)s %% is outside."),
            code="holding_share",
            params={"value": value},
        )


def budget_errors(*, total_cost, quotation_amount, voucher_requested, own_contribution, call):
    """Every way the budget does not add up, as translated messages (empty when it does)."""

    errors = []
    if voucher_requested != call.voucher_amount:
        errors.append(
            _("The voucher requested must be the call’s amount, %(amount)s.")
            % {"amount": format_money(call.voucher_amount)}
        )
    if voucher_requested + own_contribution != total_cost:
        errors.append(
            _("Voucher (%(voucher)s) plus own contribution (%(own)s) must equal the total cost (%(total)s).")
            % {
                "voucher": format_money(voucher_requested),
                "own": format_money(own_contribution),
                "total": format_money(total_cost),
            }
        )
    if quotation_amount > total_cost:
        errors.append(
            _("The provider’s quotation (%(quotation)s) cannot exceed the total cost (%(total)s).")
            % {"quotation": format_money(quotation_amount), "total": format_money(total_cost)}
        )
    if quotation_amount < voucher_requested:
        errors.append(
            _("The provider’s quotation (%(quotation)s) must cover at least the voucher (%(voucher)s).")
            % {"quotation": format_money(quotation_amount), "voucher": format_money(voucher_requested)}
        )
    minimum_own = (total_cost * call.cofinancing_share / Decimal("100")).quantize(Decimal("0.01"))
    if own_contribution < minimum_own:
        errors.append(
            _("The SME must pay at least %(share)s %% of the total cost, that is %(minimum)s.")
            % {"share": call.cofinancing_share.normalize(), "minimum": format_money(minimum_own)}
        )
    return errors


def de_minimis_window_years(*, call, reference_year):
    """The fiscal years counted: the current one and the ones before it, per the call."""
    return list(range(reference_year - call.de_minimis_window_years + 1, reference_year + 1))


def de_minimis_error(*, aids, call, reference_year):
    """A message when past de minimis aid plus the voucher exceeds the call's ceiling.

    ``aids`` is an iterable of (granted_on date, amount).
    """

    years = de_minimis_window_years(call=call, reference_year=reference_year)
    received = sum((amount for granted_on, amount in aids if granted_on.year in years), Decimal("0"))
    if received + call.voucher_amount > call.de_minimis_ceiling:
        return _(
            "De minimis aid received in %(first)s–%(last)s (%(received)s) plus this voucher (%(voucher)s) "
            "exceeds the ceiling of %(ceiling)s."
        ) % {
            "first": years[0],
            "last": years[-1],
            "received": format_money(received),
            "voucher": format_money(call.voucher_amount),
            "ceiling": format_money(call.de_minimis_ceiling),
        }
    return ""


def validate_period_dates(*, start, end, period_start, period_end):
    """A task's dates: start before end, both inside the call's execution period."""
    if start and end and end < start:
        raise ValidationError(_("A task must end after it starts."), code="task_dates")
    for moment in (start, end):
        if moment and period_start and moment < period_start:
            raise ValidationError(
                _("Tasks must take place in the execution period, from %(start)s."),
                code="task_outside_period",
                params={"start": date_format(period_start, "SHORT_DATE_FORMAT")},
            )
        if moment and period_end and moment > period_end:
            raise ValidationError(
                _("Tasks must end by %(end)s, the end of the execution period."),
                code="task_outside_period",
                params={"end": date_format(period_end, "SHORT_DATE_FORMAT")},
            )


def normalize_iban(raw):
    """The IBAN in its compact form (no spaces, upper case), or raise ValidationError.

    python-stdnum checks the country's length and format and the mod-97 check digits.
    """

    compact = iban.compact(raw or "")
    try:
        return iban.validate(compact)
    except StdnumError as error:
        raise ValidationError(
            _("“%(value)s” is not a valid IBAN: check the country code, the length and the check digits."),
            code="iban_invalid",
            params={"value": raw},
        ) from error


def format_iban(value):
    """An IBAN grouped by four characters, as printed on statements."""

    return iban_grouped(value)
