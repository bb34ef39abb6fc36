"""A holding's figures refuse NaN and its signalling form like every other number
field, with the form's message, never a 500 (found by the fresh-eyes attack)."""

import pytest
from django.utils import translation

from vouchers.intake.forms import HoldingForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["sNaN", "-sNaN", "sNaN123", "NaN", "Infinity", "-inf"])
@pytest.mark.parametrize("field", ["share", "staff_headcount", "turnover", "balance_sheet_total"])
def test_a_holdings_figure_that_is_not_a_number_is_refused_in_french(field, typed):
    data = {
        "name": "Holding test",
        "relation": "partner",
        "share": "30",
        "staff_headcount": "5",
        "turnover": "100000",
        "balance_sheet_total": "50000",
        field: typed,
    }
    with translation.override("fr"):
        form = HoldingForm(data=data)

        assert not form.is_valid()
        assert form.errors[field] == ["Saisissez un nombre."]
