"""Number inputs that round-trip in every language.

A ``<input type="number">`` only takes a machine value (``6.5``): a French ``6,5``
printed in its ``value`` is dropped by the browser, and saving the page again then
wipes the number. Worse, a browser whose number input does not take the comma
drops it from what is typed: ``0,5`` becomes ``05``, saved as 5. So the field below
is a text input with ``inputmode="decimal"`` (the phone shows a number pad, as
GOV.UK advises rather than ``type="number"``). A text input keeps whatever it is
given, so a stored value is shown as the reader's language writes it (``6,5`` in
French, ``6.5`` in English, ``75`` rather than ``75.00``); a comma or a dot typed
is read as the decimal separator; anything else (a word, ``1e2``) comes back as
typed, with an error.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import get_format

PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _machine(value):
    """``"6,5"`` → ``"6.5"`` (spaces dropped); anything else unchanged."""
    if not isinstance(value, str):
        return value
    value = value.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    return value


def local_number(value):
    """A Decimal as the active language writes it, without trailing zeros and never
    in exponent form: ``Decimal("75.00")`` → ``"75"``, ``Decimal("6.50")`` → ``"6,5"``
    in French."""
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))


class DecimalTextField(forms.DecimalField):
    """A DecimalField in a text input: shown in the reader's language, read with a
    decimal comma or dot, and refusing what is not a plain number (``1e2``, NaN,
    infinities)."""

    widget = forms.TextInput

    def __init__(self, *args, keep_decimal_places=False, **kwargs):
        # Money keeps its cents when shown ("6000,00"); scores drop trailing zeros ("6,5").
        self.keep_decimal_places = keep_decimal_places
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        # No min/max/step attributes: the bounds are checked here, and said in words.
        return {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}

    def prepare_value(self, value):
        if not (isinstance(value, Decimal) and value.is_finite()):
            return value
        if self.keep_decimal_places and self.decimal_places:
            fixed = format(value.quantize(Decimal(1).scaleb(-self.decimal_places)), "f")
            return fixed.replace(".", get_format("DECIMAL_SEPARATOR"))
        return local_number(value)

    def to_python(self, value):
        value = _machine(value)
        if isinstance(value, str) and value not in self.empty_values and not PLAIN_NUMBER.match(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def run_validators(self, value):
        # Bounds and step may share one message ("between 0 and 10, in steps of 0.5"): say it once.
        try:
            super().run_validators(value)
        except ValidationError as error:
            seen, kept = set(), []
            for item in error.error_list:
                message = " ".join(item.messages)
                if message not in seen:
                    seen.add(message)
                    kept.append(item)
            raise ValidationError(kept) from None


NOT_A_NUMBER = ("nan", "snan", "inf", "infinity")


class FiniteDecimalField(forms.DecimalField):
    """Django's DecimalField, refusing NaN, sNaN and infinities as text before
    Decimal reads them: Django's own check compares the value with the empty values,
    and a signalling NaN raises InvalidOperation there (a 500) instead of "Enter a
    number"."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip().lstrip("+-").lower().rstrip("0123456789") in NOT_A_NUMBER:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)
