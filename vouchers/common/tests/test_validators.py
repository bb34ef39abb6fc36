import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from vouchers.common import validators
from vouchers.common.validators import EnterpriseFigures, SmeCategory
from vouchers.intake.models import Call


@pytest.fixture(autouse=True)
def _english(english):
    """Messages below are asserted in English; French has its own tests."""


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("0203.201.340", "0203201340"),
        ("BE 0203 201 340", "0203201340"),
        ("be0203-201-340", "0203201340"),
        ("203201340", "0203201340"),  # legacy 9-digit number
        ("0417.497.106", "0417497106"),
        ("1000.000.021", "1000000021"),  # 1-series (since about 2023)
        ("0000.009.797", "0000009797"),  # first 8 digits a multiple of 97: check digits 97
    ],
)
def test_enterprise_number_is_normalised(raw, canonical):
    assert validators.normalize_enterprise_number(raw) == canonical


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("0203.201.341", "enterprise_number_checksum"),
        ("0203.201.339", "enterprise_number_checksum"),
        ("2203.201.340", "enterprise_number_format"),
        ("02032013", "enterprise_number_format"),
        ("0203.201.3400", "enterprise_number_format"),
        ("ABCD.EFG.HIJ", "enterprise_number_format"),
        ("0000.000.000", "enterprise_number_checksum"),  # 0 + 00 is 0 mod 97, but 00 is never a check
        ("0000.009.700", "enterprise_number_checksum"),
    ],
)
def test_enterprise_number_errors_say_why(raw, code):
    with pytest.raises(ValidationError) as error:
        validators.normalize_enterprise_number(raw)
    assert error.value.code == code


def test_enterprise_number_is_displayed_with_dots():
    assert validators.format_enterprise_number("0203201340") == "0203.201.340"


@pytest.mark.parametrize(
    ("code", "walloon"),
    [
        ("1299", False),
        ("1300", True),
        ("1499", True),
        ("1500", False),
        ("3790", False),  # Voeren/Fourons is Flemish
        ("3999", False),
        ("4000", True),
        ("4700", True),  # Eupen, German-speaking Community, in Wallonia
        ("7780", True),  # Comines-Warneton exclave
        ("7999", True),
        ("8000", False),
    ],
)
def test_walloon_postal_code_boundaries(code, walloon):
    if walloon:
        validators.validate_walloon_postal_code(code)
    else:
        with pytest.raises(ValidationError) as error:
            validators.validate_walloon_postal_code(code)
        assert error.value.code == "postal_code_not_walloon"


def test_brussels_postal_code_is_refused_with_the_reason():
    with pytest.raises(ValidationError) as error:
        validators.validate_walloon_postal_code("1000")
    assert error.value.messages == [
        "The postal code 1000 is in Brussels-Capital (Brussels-Capital): the site must be in Wallonia "
        "(postal codes 1300–1499 or 4000–7999)."
    ]


@pytest.mark.parametrize("code", ["999", "10000", "12a4", "0999", ""])
def test_postal_code_that_is_not_belgian_is_refused(code):
    with pytest.raises(ValidationError) as error:
        validators.validate_walloon_postal_code(code)
    assert error.value.code == "postal_code_format"


def figures(staff, turnover, balance):
    return EnterpriseFigures(Decimal(staff), Decimal(turnover), Decimal(balance))


@pytest.mark.parametrize(
    ("staff", "turnover", "balance", "category"),
    [
        ("9.99", "2000000", "99999999", SmeCategory.MICRO),  # turnover at the micro ceiling
        ("9", "99999999", "2000000", SmeCategory.MICRO),  # or balance sheet at the ceiling
        ("9", "2000001", "2000001", SmeCategory.SMALL),
        ("10", "1000", "1000", SmeCategory.SMALL),  # staff ceiling is strict
        ("49", "10000000", "99999999", SmeCategory.SMALL),
        ("49", "10000001", "10000001", SmeCategory.MEDIUM),
        ("50", "1000", "1000", SmeCategory.MEDIUM),
        ("249", "50000000", "99999999", SmeCategory.MEDIUM),
        ("249", "99999999", "43000000", SmeCategory.MEDIUM),
        ("249", "50000001", "43000001", SmeCategory.NOT_SME),
        ("250", "1000", "1000", SmeCategory.NOT_SME),
    ],
)
def test_sme_category_thresholds_on_both_sides(staff, turnover, balance, category):
    assert validators.sme_category(figures(staff, turnover, balance)) == category


def test_partner_enterprises_count_pro_rata_and_linked_ones_in_full():
    own = figures("8", "1500000", "1500000")
    partner = (Decimal("40"), figures("10", "1000000", "1000000"))
    linked = (Decimal("51"), figures("100", "20000000", "20000000"))

    assert validators.aggregate_figures(own, [partner]) == figures("12", "1900000", "1900000")
    assert validators.sme_category(validators.aggregate_figures(own, [partner])) == SmeCategory.SMALL
    assert validators.aggregate_figures(own, [linked]) == figures("108", "21500000", "21500000")
    assert validators.sme_category(validators.aggregate_figures(own, [linked])) == SmeCategory.MEDIUM


@pytest.mark.parametrize(
    ("share", "valid"), [("24.99", False), ("25", True), ("100", True), ("100.01", False)]
)
def test_holding_share_must_be_25_percent_or_more(share, valid):
    if valid:
        validators.validate_holding_share(Decimal(share))
    else:
        with pytest.raises(ValidationError) as error:
            validators.validate_holding_share(Decimal(share))
        assert error.value.code == "holding_share"


def test_partners_must_be_two_enterprises():
    with pytest.raises(ValidationError) as error:
        validators.validate_distinct_partners("0203201340", "0203201340")
    assert error.value.messages == [
        "The SME and the creative provider must be two different enterprises (both are 0203.201.340)."
    ]


def make_call(**overrides):
    values = {
        "voucher_amount": Decimal("6000"),
        "cofinancing_share": Decimal("0"),
        "de_minimis_ceiling": Decimal("200000"),
    }
    values.update(overrides)
    return Call(de_minimis_window_years=3, **values)


def test_budget_that_adds_up_has_no_error():
    assert (
        validators.budget_errors(
            total_cost=Decimal("8000"),
            quotation_amount=Decimal("8000"),
            voucher_requested=Decimal("6000"),
            own_contribution=Decimal("2000"),
            call=make_call(),
        )
        == []
    )


def test_budget_errors_quote_the_figures(settings):
    with translation.override("en"):
        errors = validators.budget_errors(
            total_cost=Decimal("8000"),
            quotation_amount=Decimal("9000"),
            voucher_requested=Decimal("5000"),
            own_contribution=Decimal("1000"),
            call=make_call(cofinancing_share=Decimal("25")),
        )

    assert [str(error) for error in errors] == [
        "The voucher requested must be the call’s amount, €6,000.",
        "Voucher (€5,000) plus own contribution (€1,000) must equal the total cost (€8,000).",
        "The provider’s quotation (€9,000) cannot exceed the total cost (€8,000).",
        "The SME must pay at least 25 % of the total cost, that is €2,000.",
    ]


def test_de_minimis_ceiling_counts_only_the_window_years():
    call = make_call()
    aids_at_limit = [(dt.date(2012, 1, 1), Decimal("100000")), (dt.date(2014, 5, 1), Decimal("94000"))]
    old_aid = [(dt.date(2011, 12, 31), Decimal("150000"))]

    assert validators.de_minimis_error(aids=aids_at_limit, call=call, reference_year=2014) == ""
    assert validators.de_minimis_error(aids=aids_at_limit + old_aid, call=call, reference_year=2014) == ""
    over = validators.de_minimis_error(
        aids=[*aids_at_limit, (dt.date(2013, 1, 1), Decimal("0.01"))], call=call, reference_year=2014
    )
    assert over.startswith("De minimis aid received in 2012–2014")


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (dt.date(2014, 11, 15), dt.date(2015, 6, 30), None),
        (dt.date(2014, 11, 14), dt.date(2015, 1, 1), "task_outside_period"),
        (dt.date(2014, 12, 1), dt.date(2015, 7, 1), "task_outside_period"),
        (dt.date(2015, 2, 1), dt.date(2015, 1, 1), "task_dates"),
    ],
)
def test_workplan_dates_must_be_inside_the_execution_period(start, end, code):
    kwargs = {
        "start": start,
        "end": end,
        "period_start": dt.date(2014, 11, 15),
        "period_end": dt.date(2015, 6, 30),
    }
    if code is None:
        validators.validate_period_dates(**kwargs)
    else:
        with pytest.raises(ValidationError) as error:
            validators.validate_period_dates(**kwargs)
        assert error.value.code == code


@pytest.mark.parametrize(
    ("raw", "code"), [("7410", "74.10"), ("74.10", "74.10"), ("16.23", "16.23"), ("90.011", "90.011")]
)
def test_nace_codes_are_normalised(raw, code):
    assert validators.normalize_nace_code(raw) == code


def test_creative_nace_code_of_the_sme_is_a_warning_only():
    assert validators.creative_nace_warning("16.23") == ""
    assert "74.10" in validators.creative_nace_warning("74.10")
    assert "18.12" in validators.creative_nace_warning("18.12")


def test_messages_are_in_french_by_default():
    with translation.override("fr"):
        with pytest.raises(ValidationError) as error:
            validators.normalize_enterprise_number("0203.201.341")
        messages = error.value.messages

    assert messages == [
        "Le numéro d’entreprise 0203.201.341 n’est pas valide\xa0: ses chiffres de contrôle ne correspondent pas."
    ]


def test_creative_provider_listed_among_the_smes_holdings_is_not_independent():
    validators.validate_partners_independent(sme_holding_numbers=["0417497106"], creative_number="0203201340")

    with pytest.raises(ValidationError) as error:
        validators.validate_partners_independent(
            sme_holding_numbers=["0417497106", "0203201340"], creative_number="0203201340"
        )
    assert error.value.code == "partners_linked"
