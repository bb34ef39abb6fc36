"""The filters of the clusters lists (django-filter); exports use the same ones."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import ActionKind, ActionStatus, LeadStatus, NeedCategory, Priority
from .models import AwarenessAction, Lead, NeedItem, Organisation

DATE = forms.DateInput(attrs={"type": "date"})


def style_form(form):
    """Bootstrap classes on a filter form's widgets."""
    for field in form.fields.values():
        css = (
            "form-select form-select-sm"
            if isinstance(field.widget, forms.Select)
            else "form-control form-control-sm"
        )
        field.widget.attrs["class"] = css
    return form


class StyledFilterSet(django_filters.FilterSet):
    @property
    def form(self):
        if not hasattr(self, "_form"):
            style_form(super().form)
        return self._form


class ActionFilter(StyledFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title contains"))
    kind = django_filters.ChoiceFilter(choices=ActionKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices, label=_("Status"))
    organisation = django_filters.ModelChoiceFilter(
        field_name="organisations", queryset=Organisation.objects.all(), label=_("Organisation")
    )
    date_from = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__gte", label=_("From"), widget=DATE
    )
    date_to = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__lte", label=_("To"), widget=DATE
    )

    class Meta:
        model = AwarenessAction
        fields = []


class LeadFilter(StyledFilterSet):
    status = django_filters.ChoiceFilter(choices=LeadStatus.choices, label=_("Status"))
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), label=_("Organisation")
    )
    date_from = django_filters.DateFilter(
        field_name="identified_on", lookup_expr="gte", label=_("Identified from"), widget=DATE
    )
    date_to = django_filters.DateFilter(
        field_name="identified_on", lookup_expr="lte", label=_("To"), widget=DATE
    )

    class Meta:
        model = Lead
        fields = []


class NeedFilter(StyledFilterSet):
    category = django_filters.ChoiceFilter(choices=NeedCategory.choices, label=_("Category"))
    priority = django_filters.ChoiceFilter(choices=Priority.choices, label=_("Priority"))
    organisation = django_filters.ModelChoiceFilter(
        field_name="assessment__organisation", queryset=Organisation.objects.all(), label=_("Organisation")
    )
    date_from = django_filters.DateFilter(
        field_name="assessment__assessed_on", lookup_expr="gte", label=_("Assessed from"), widget=DATE
    )
    date_to = django_filters.DateFilter(
        field_name="assessment__assessed_on", lookup_expr="lte", label=_("To"), widget=DATE
    )

    class Meta:
        model = NeedItem
        fields = []


class PeriodForm(forms.Form):
    """The dashboard's period."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            raise forms.ValidationError(_("The start of the period must come before its end."), code="period")
        return cleaned
