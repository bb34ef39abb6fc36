"""One form (and its row formsets) per application section.

Drafts may be incomplete: fields are optional here and completeness is checked at
submission. What is typed is still validated by the shared validators, so a wrong
enterprise number or a Brussels postal code is refused at once, next to the field.
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from clusters.heard_via import actions_for_applicants, organisations_for_applicants
from vouchers.common import validators
from vouchers.common.numbers import FiniteDecimalField
from vouchers.intake.enums import AttachmentKind, HeardVia, PartyRole
from vouchers.intake.models import (
    Application,
    ApplicationParty,
    DeMinimisAid,
    Holding,
    ImpactIndicator,
    WorkplanTask,
)
from vouchers.intake.services.submission import sme_already_applied_error, sme_has_submitted

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def accept_formatted_enterprise_number(form):
    """Let people type `BE 0203.201.340`: the stored value is normalised to 10 digits."""
    field = form.fields.get("enterprise_number")
    if field is not None:
        field.max_length = 20
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        field.widget.attrs["maxlength"] = "20"


class RowFormMixin:
    """Bootstrap classes for the compact forms of a formset table."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class OptionalFieldsMixin:
    """Drafts: nothing is required until submission."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


PARTY_FIELDS = [
    "enterprise_number",
    "name",
    "legal_form",
    "vat_registered",
    "street",
    "postal_code",
    "municipality",
    "site_postal_code",
    "site_municipality",
    "website",
    "nace_code",
]
CONTACT_FIELDS = ["contact_name", "contact_role", "contact_email", "contact_phone"]


class PartyForm(OptionalFieldsMixin, forms.ModelForm):
    walloon_fields = ("site_postal_code",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        accept_formatted_enterprise_number(self)

    class Meta:
        model = ApplicationParty
        fields = PARTY_FIELDS + CONTACT_FIELDS
        help_texts = {
            "enterprise_number": _("10 digits, e.g. 0123.456.749 (BCE/KBO)."),
            "site_postal_code": _("Must be in Wallonia (1300–1499 or 4000–7999)."),
            "nace_code": _("Main activity, e.g. 74.10."),
        }

    def clean_enterprise_number(self):
        value = self.cleaned_data.get("enterprise_number")
        return validators.normalize_enterprise_number(value) if value else ""

    def clean_nace_code(self):
        value = self.cleaned_data.get("nace_code")
        return validators.normalize_nace_code(value) if value else ""

    def clean_postal_code(self):
        return self._clean_postal_code("postal_code")

    def clean_site_postal_code(self):
        return self._clean_postal_code("site_postal_code")

    def _clean_postal_code(self, name):
        value = (self.cleaned_data.get(name) or "").strip()
        if value:
            if name in self.walloon_fields:
                validators.validate_walloon_postal_code(value)
            else:
                validators.validate_belgian_postal_code(value)
        return value


class SmePartyForm(PartyForm):
    walloon_fields = ("postal_code", "site_postal_code")

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("enterprise_number")
        application = self.instance.application
        other = application.parties.filter(role=PartyRole.CREATIVE).first()
        if number and other:
            try:
                validators.validate_distinct_partners(number, other.enterprise_number)
            except forms.ValidationError as error:
                self.add_error("enterprise_number", error)
        if number and sme_has_submitted(
            call_id=application.call_id, enterprise_number=number, exclude_pk=application.pk
        ):
            self.add_error("enterprise_number", sme_already_applied_error())
        figures = [cleaned.get(name) for name in ("staff_headcount", "turnover", "balance_sheet_total")]
        if None not in figures:
            own = validators.EnterpriseFigures(*figures)
            try:
                validators.validate_sme_category(validators.sme_category(own))
            except forms.ValidationError as error:
                self.add_error("staff_headcount", error)
        return cleaned

    class Meta(PartyForm.Meta):
        fields = [
            *PARTY_FIELDS,
            "staff_headcount",
            "turnover",
            "balance_sheet_total",
            "reference_year",
            *CONTACT_FIELDS,
        ]
        labels = {
            "street": _("Registered office: street and number"),
            "postal_code": _("Registered office: postal code"),
        }
        help_texts = {
            **PartyForm.Meta.help_texts,
            "postal_code": _("Must be in Wallonia (1300–1499 or 4000–7999)."),
            "staff_headcount": _("Annual work units of the last closed financial year."),
        }


class CreativePartyForm(PartyForm):
    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("enterprise_number")
        sme = self.instance.application.parties.filter(role=PartyRole.SME).first()
        if number and sme:
            try:
                validators.validate_distinct_partners(sme.enterprise_number, number)
                validators.validate_partners_independent(
                    sme_holding_numbers=sme.holdings.values_list("enterprise_number", flat=True),
                    creative_number=number,
                )
            except forms.ValidationError as error:
                self.add_error("enterprise_number", error)
        return cleaned

    class Meta(PartyForm.Meta):
        fields = [*PARTY_FIELDS, "creative_domain", "references", *CONTACT_FIELDS]
        widgets = {"references": forms.Textarea(attrs={"rows": 4})}


class HoldingForm(RowFormMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        accept_formatted_enterprise_number(self)

    class Meta:
        model = Holding
        fields = [
            "name",
            "enterprise_number",
            "relation",
            "share",
            "staff_headcount",
            "turnover",
            "balance_sheet_total",
        ]
        field_classes = dict.fromkeys(
            ("share", "staff_headcount", "turnover", "balance_sheet_total"), FiniteDecimalField
        )

    def clean_enterprise_number(self):
        value = self.cleaned_data.get("enterprise_number")
        return validators.normalize_enterprise_number(value) if value else ""

    def clean_share(self):
        value = self.cleaned_data.get("share")
        validators.validate_holding_share(value)
        return value


HoldingFormSet = inlineformset_factory(
    ApplicationParty,
    Holding,
    form=HoldingForm,
    extra=1,
    can_delete=True,
    max_num=20,
    validate_max=True,
    absolute_max=20,
)


class ProjectForm(OptionalFieldsMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["title", "kind", "kind_other", "summary", "added_value", "objectives", "deliverables"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("summary", "added_value", "objectives", "deliverables")
        }
        help_texts = {
            "added_value": _("What creativity brings to the company beyond a nicer appearance."),
            "kind_other": _("Only when the kind is “Other”."),
        }


class ImpactIndicatorForm(RowFormMixin, forms.ModelForm):
    class Meta:
        model = ImpactIndicator
        fields = ["indicator", "baseline", "target"]


ImpactIndicatorFormSet = inlineformset_factory(
    Application,
    ImpactIndicator,
    form=ImpactIndicatorForm,
    extra=1,
    can_delete=True,
    max_num=20,
    validate_max=True,
    absolute_max=20,
)


class WorkplanTaskForm(RowFormMixin, forms.ModelForm):
    class Meta:
        model = WorkplanTask
        fields = ["title", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call

    def clean(self):
        cleaned = super().clean()
        validators.validate_period_dates(
            start=cleaned.get("starts_on"),
            end=cleaned.get("ends_on"),
            period_start=self.call.execution_start_date if self.call else None,
            period_end=self.call.execution_end_date if self.call else None,
        )
        return cleaned


WorkplanTaskFormSet = inlineformset_factory(
    Application,
    WorkplanTask,
    form=WorkplanTaskForm,
    extra=1,
    can_delete=True,
    max_num=30,
    validate_max=True,
    absolute_max=30,
)


class BudgetForm(OptionalFieldsMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["total_cost", "quotation_amount", "voucher_requested", "own_contribution"]

    def clean(self):
        cleaned = super().clean()
        values = [cleaned.get(name) for name in self.Meta.fields]
        if None not in values:
            errors = validators.budget_errors(
                total_cost=values[0],
                quotation_amount=values[1],
                voucher_requested=values[2],
                own_contribution=values[3],
                call=self.instance.call,
            )
            if errors:
                raise forms.ValidationError(errors)
        return cleaned


class DeclarationsForm(OptionalFieldsMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "declares_sme",
            "declares_no_double_funding",
            "declares_independence",
            "declares_truthful",
            "consents_privacy",
        ]
        labels = {
            "declares_sme": _(
                "The SME declares that it meets the European SME definition (Recommendation 2003/361/EC), "
                "counting its partner and linked enterprises."
            ),
            "declares_no_double_funding": _(
                "The project receives no other public funding for the same costs."
            ),
            "declares_independence": _(
                "The SME and the creative provider are independent: neither holds a share of 25 percent or more in the other."
            ),
            "declares_truthful": _("The information given in this application is true and complete."),
            "consents_privacy": _(
                "We have read the privacy notice and agree that our data is processed to manage the call."
            ),
        }


class DeMinimisAidForm(RowFormMixin, forms.ModelForm):
    class Meta:
        model = DeMinimisAid
        fields = ["granted_on", "granting_body", "amount"]
        widgets = {"granted_on": DATE_INPUT}


DeMinimisAidFormSet = inlineformset_factory(
    Application,
    DeMinimisAid,
    form=DeMinimisAidForm,
    extra=1,
    can_delete=True,
    max_num=30,
    validate_max=True,
    absolute_max=30,
)


class OriginForm(OptionalFieldsMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["heard_via", "heard_via_organisation", "heard_via_action", "heard_via_detail"]
        help_texts = {
            "heard_via_organisation": _(
                "If you heard of the call through a cluster or a competitiveness pole."
            ),
            "heard_via_action": _("If you took part in one of Wallonie Design’s sessions or workshops."),
            "heard_via_detail": _("For example the name of the event or newspaper."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["heard_via_organisation"].queryset = organisations_for_applicants()
        self.fields["heard_via_action"].queryset = actions_for_applicants()
        self.fields["heard_via_action"].label_from_instance = lambda action: (
            f"{action.title} ({date_format(timezone.localtime(action.starts_at), 'SHORT_DATE_FORMAT')})"
        )

    def clean(self):
        cleaned = super().clean()
        # The organisation or the action only make sense with the matching answer.
        if cleaned.get("heard_via") != HeardVia.CLUSTER_OR_POLE:
            cleaned["heard_via_organisation"] = None
        if cleaned.get("heard_via") != HeardVia.AWARENESS_ACTION:
            cleaned["heard_via_action"] = None
        return cleaned


class AttachmentUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=AttachmentKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF (quotation, declarations, annexes) or PNG/JPEG (annexes only)."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
        ),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing this application?"), widget=forms.Textarea(attrs={"rows": 3})
    )
