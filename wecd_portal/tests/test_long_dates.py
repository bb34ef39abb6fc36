"""Dates as the letters and e-mails write them: « 1er » on the first of the month in French."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from wecd_portal.core.templatetags.portal import format_long_date


@pytest.mark.parametrize(
    "language, day, expected",
    [
        ("fr", dt.date(2027, 1, 1), "1er janvier 2027"),
        ("fr", dt.date(2014, 11, 15), "15 novembre 2014"),
        ("fr", dt.date(2014, 10, 31), "31 octobre 2014"),
        ("en", dt.date(2027, 1, 1), "1 January 2027"),
        ("en", dt.date(2014, 11, 15), "15 November 2014"),
    ],
)
def test_a_long_date_in_each_language(language, day, expected):
    with translation.override(language):
        assert format_long_date(day) == expected


def test_the_template_filter_writes_the_same_and_nothing_for_no_date():
    template = Template("{% load portal %}[{{ day|long_date }}][{{ none|long_date }}]")

    with translation.override("fr"):
        rendered = template.render(Context({"day": dt.date(2015, 2, 1), "none": None}))

    assert rendered == "[1er février 2015][]"
