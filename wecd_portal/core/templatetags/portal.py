"""Template helpers: locale-aware money and dates, and links to this page in another language."""

from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency, get_currency_precision
from django import template
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from stdnum import iban as stdnum_iban

register = template.Library()

BABEL_LOCALES = {"fr": "fr_BE", "en": "en_GB"}


def format_money(amount, currency="EUR", language=None):
    """`6 000 €` in French, `€6,000` in English; cents only when there are any."""
    language = language or translation.get_language() or "fr"
    locale = Locale.parse(BABEL_LOCALES.get(language[:2], "fr_BE"))
    amount = Decimal(amount)
    pattern = locale.currency_formats["standard"].pattern
    if amount == amount.to_integral_value() and get_currency_precision(currency):
        pattern = pattern.replace(".00", "")
    return format_currency(amount, currency, format=pattern, locale=locale, currency_digits=False)


def format_long_date(value):
    """A date as a letter writes it: « 1er janvier 2027 », « 15 novembre 2014 » in
    French (the first of the month is « 1er »), "1 January 2027" in English (day first, as Belgian readers write it)."""

    text = date_format(value, "DATE_FORMAT")
    if (translation.get_language() or "fr")[:2] == "fr" and value.day == 1 and text.startswith("1 "):
        text = "1er" + text[1:]
    return text


@register.filter
def long_date(value):
    return format_long_date(value) if value else ""


@register.filter
def money(amount):
    if amount in (None, ""):
        return ""
    return format_money(amount)


@register.simple_tag(takes_context=True)
def url_in_language(context, language_code):
    """The current page's URL in the given language (falls back to its home)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    url = translate_url(path, language_code)
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        # A path such as //evil.example/x (a 404 page) would make the link leave the site.
        with translation.override(language_code):
            return reverse("home")
    return url


@register.filter
def iban(value):
    """An IBAN grouped by four characters, as printed on statements."""

    return stdnum_iban.format(value) if value else ""
