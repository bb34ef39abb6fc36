"""Number inputs that round-trip in every language.

A ``<input type="number">`` only takes a machine value (``6.5``): a French ``6,5``
printed in its ``value`` is dropped by the browser, and saving the page again then
wipes the number. Worse, a browser whose number input does not take the comma
drops it from what is typed: ``0,5`` becomes ``05``, saved as 5. So the field below
is a text input with ``inputmode="decimal"`` (the phone shows a number pad, as
GOV.UK advises rather than ``type="number"``): its value is printed unlocalised
(``6.5``), a comma or a dot typed is read as the decimal separator, and anything
else typed comes back as typed with an error.
"""

from django import forms
from django.core.exceptions import ValidationError


def _machine(value):
    """``"6,5"`` → ``"6.5"`` (spaces dropped); anything else unchanged."""
    if not isinstance(value, str):
        return value
    value = value.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    return value


class MachineDecimalField(forms.DecimalField):
    """A DecimalField rendered unlocalised and accepting a decimal comma; NaN and
    infinities are refused by DecimalField itself."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs["localize"] = False
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # No min/max/step attributes: the bounds are checked here, and said in words.
        return {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}

    def to_python(self, value):
        return super().to_python(_machine(value))

    def bound_data(self, data, initial):
        # Typed values are shown back machine-readable, so an error elsewhere loses nothing.
        return _machine(super().bound_data(data, initial))

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
