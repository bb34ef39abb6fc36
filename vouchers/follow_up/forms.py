"""Forms of a voucher's follow-up: the applicant's report, claim and files; staff decisions.

Every applicant field is optional here so that a draft can be saved half done;
``follow_up_problems`` says what is still missing at submission.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vouchers.common import validators
from vouchers.common.numbers import DecimalTextField
from vouchers.follow_up.enums import FollowUpFileKind
from vouchers.follow_up.models import PaymentClaim

TEXTAREA = {"rows": 5}
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FinalReportForm(forms.Form):
    achievements = forms.CharField(
        label=_("What was done"),
        help_text=_("The work carried out by the provider with the SME, and what it produced."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    sme_testimony = forms.CharField(
        label=_("The SME’s testimony"),
        help_text=_("What the collaboration brought to the company."),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    provider_testimony = forms.CharField(
        label=_("The creative provider’s testimony"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def __init__(self, *args, indicators=(), results=None, **kwargs):
        """One pair of fields (value reached, comment) per indicator given at application."""
        super().__init__(*args, **kwargs)
        results = results or {}
        self.indicators = list(indicators)
        for indicator in self.indicators:
            result = results.get(indicator.pk)
            self.fields[f"achieved_{indicator.pk}"] = forms.CharField(
                label=_("Value reached"),
                required=False,
                max_length=100,
                initial=result.achieved if result else "",
            )
            self.fields[f"comment_{indicator.pk}"] = forms.CharField(
                label=_("Comment"), required=False, max_length=300, initial=result.comment if result else ""
            )

    def indicator_rows(self):
        return [
            (indicator, self[f"achieved_{indicator.pk}"], self[f"comment_{indicator.pk}"])
            for indicator in self.indicators
        ]

    def results(self):
        return {
            indicator.pk: (
                self.cleaned_data[f"achieved_{indicator.pk}"],
                self.cleaned_data[f"comment_{indicator.pk}"],
            )
            for indicator in self.indicators
        }


class MoneyField(DecimalTextField):
    """An amount in euros, shown with its cents in the reader's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, keep_decimal_places=True, **kwargs)


class PaymentClaimForm(forms.ModelForm):
    # Typed as printed, with spaces: longer than the stored compact form.
    payee_iban = forms.CharField(label=_("Payee’s IBAN"), max_length=50, required=False)

    class Meta:
        model = PaymentClaim
        fields = (
            "invoice_number",
            "invoice_date",
            "amount_excl_vat",
            "vat_amount",
            "payee_name",
            "payee_iban",
        )
        widgets = {"invoice_date": DATE_INPUT}
        # Text inputs that show "6000,00" to a French reader and read a comma back (a
        # number input drops a French value, and a save then wiped the amounts).
        field_classes = {"amount_excl_vat": MoneyField, "vat_amount": MoneyField}
        help_texts = {
            "payee_iban": _("The creative provider’s account, which the voucher pays."),
            "amount_excl_vat": _(
                "The voucher pays this amount, less the SME’s share, up to the voucher’s value."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("amount_excl_vat", "vat_amount"):
            self.fields[name].min_value = Decimal("0")
            self.fields[name].validators.append(_not_negative)
        for field in self.fields.values():
            field.required = False
        if self.instance.payee_iban and not self.is_bound:
            self.initial["payee_iban"] = validators.format_iban(self.instance.payee_iban)

    def clean_payee_iban(self):
        value = self.cleaned_data["payee_iban"].strip()
        return validators.normalize_iban(value) if value else ""

    def clean_amount_excl_vat(self):
        value = self.cleaned_data["amount_excl_vat"]
        if value is not None and value <= 0:
            raise ValidationError(_("The amount excluding VAT must be positive."), code="amount_positive")
        return value


def _not_negative(value):
    if value is not None and value < 0:
        raise ValidationError(_("An amount cannot be negative."), code="negative")


class FollowUpFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=FollowUpFileKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "The invoice as PDF; the proof of the SME’s share as PDF, PNG or JPEG; photos as PNG or JPEG."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
        ),
    )
    caption = forms.CharField(label=_("Caption (photos)"), required=False, max_length=200)

    def __init__(self, *args, share_proof=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not share_proof:
            self.fields["kind"].choices = [
                choice for choice in FollowUpFileKind.choices if choice[0] != FollowUpFileKind.SHARE_PROOF
            ]


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What must the applicant correct?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE_INPUT)
    amount = forms.DecimalField(
        label=_("Amount paid (EUR)"),
        max_digits=10,
        decimal_places=2,
        required=False,
        localize=True,
        help_text=_("Leave empty to record the verified amount."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtendForm(forms.Form):
    ends_on = forms.DateField(label=_("New end of the execution period"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
