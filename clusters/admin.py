"""Staff and cluster liaisons record the clusters work in the admin."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from vouchers.common.uploads import inspect_upload

from .enums import ActionFileKind, LeadStatus
from .models import (
    ActionFile,
    Attendee,
    AwarenessAction,
    Contact,
    Lead,
    LeadStatusChange,
    NeedAssessment,
    NeedItem,
    Organisation,
)
from .services import (
    ACTION_FILE_TYPES,
    action_file_add,
    action_file_delete,
    lead_create,
    lead_move,
    lead_transition_error,
)


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ("name", "role", "email", "phone", "consent_to_contact", "keep_until")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "kind", "sector", "member_count", "recognised_since", "active", "page")
    list_filter = ("kind", "active")
    search_fields = ("name", "acronym", "sector")
    inlines = [ContactInline]

    @admin.display(description=_("page"))
    def page(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("clusters_organisation", args=[obj.pk]), _("History")
        )


class AttendeeInline(admin.TabularInline):
    model = Attendee
    extra = 0


class ActionFileInline(admin.TabularInline):
    model = ActionFile
    extra = 0
    fields = ("kind", "download", "size", "uploaded_at", "uploaded_by")
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("clusters_file", args=[obj.public_id]), obj.original_name
        )

    def has_add_permission(self, request, obj=None):
        return False  # through the form's upload field, which checks the file


class ActionForm(forms.ModelForm):
    upload_kind = forms.ChoiceField(label=_("Add a document"), choices=ActionFileKind.choices, required=False)
    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, PNG or JPEG, checked by its content; stored privately."),
    )

    class Meta:
        model = AwarenessAction
        fields = (
            "kind",
            "title",
            "status",
            "starts_at",
            "ends_at",
            "place",
            "online",
            "organisations",
            "creative_businesses",
            "audience_sme",
            "audience_creative",
            "audience_cluster_staff",
            "audience_other",
            "description",
            "outcomes",
            "follow_ups",
        )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            inspect_upload(upload, allowed=ACTION_FILE_TYPES)
            upload.seek(0)
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("upload") and not cleaned.get("upload_kind"):
            self.add_error("upload_kind", _("Say what the document is."))
        return cleaned


@admin.register(AwarenessAction)
class AwarenessActionAdmin(admin.ModelAdmin):
    form = ActionForm
    list_display = ("starts_at", "title", "kind", "status", "audience", "page")
    list_filter = ("status", "kind", "organisations")
    search_fields = ("title", "place")
    date_hierarchy = "starts_at"
    filter_horizontal = ("organisations", "creative_businesses")
    inlines = [AttendeeInline, ActionFileInline]
    fieldsets = (
        (None, {"fields": ("kind", "title", "status", "starts_at", "ends_at", "place", "online")}),
        (_("Who"), {"fields": ("organisations", "creative_businesses")}),
        (
            _("Audience reached"),
            {"fields": ("audience_sme", "audience_creative", "audience_cluster_staff", "audience_other")},
        ),
        (_("Content and results"), {"fields": ("description", "outcomes", "follow_ups")}),
        (_("Documents"), {"fields": ("upload_kind", "upload")}),
    )

    @admin.display(description=_("people reached"))
    def audience(self, obj):
        return obj.audience_total

    @admin.display(description=_("page"))
    def page(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("clusters_action", args=[obj.pk]), _("View"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        upload = form.cleaned_data.get("upload")
        if upload:
            action_file_add(
                action=form.instance,
                actor=request.user,
                kind=form.cleaned_data["upload_kind"],
                uploaded_file=upload,
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is not ActionFile:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for item in formset.deleted_objects:
            action_file_delete(item=item, actor=request.user)
        return None


class NeedItemInline(admin.TabularInline):
    model = NeedItem
    extra = 1


@admin.register(NeedAssessment)
class NeedAssessmentAdmin(admin.ModelAdmin):
    list_display = ("organisation", "assessed_on", "method", "respondents")
    list_filter = ("method", "organisation")
    date_hierarchy = "assessed_on"
    inlines = [NeedItemInline]


class LeadHistoryInline(admin.TabularInline):
    model = LeadStatusChange
    extra = 0
    fields = ("changed_on", "from_status", "to_status", "changed_by", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class LeadForm(forms.ModelForm):
    status_note = forms.CharField(label=_("Note on the status change"), required=False, max_length=300)

    class Meta:
        model = Lead
        fields = (
            "organisation",
            "member_company",
            "member_name",
            "need",
            "need_summary",
            "creative_business",
            "action",
            "identified_on",
            "status",
            "application",
            "notes",
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("member_company") and not cleaned.get("member_name"):
            self.add_error("member_name", _("Name the member company, or choose it from the registry."))
        status = cleaned.get("status")
        if self.instance.pk and status and status != self.instance.status:
            error = lead_transition_error(
                lead=self.instance,
                to_status=status,
                application=cleaned.get("application", self.instance.application),
            )
            if error is not None:
                self.add_error("status", error)
        elif not self.instance.pk and status and status != LeadStatus.IDENTIFIED:
            self.add_error("status", _("A new lead starts as identified; move it forward afterwards."))
        return cleaned


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    form = LeadForm
    list_display = ("identified_on", "__str__", "organisation", "status", "status_changed_on", "reference")
    list_filter = ("status", "organisation")
    search_fields = ("member_name", "member_company__name", "need_summary", "creative_business__name")
    list_select_related = ("organisation", "member_company", "application")
    inlines = [LeadHistoryInline]

    @admin.display(description=_("voucher application"))
    def reference(self, obj):
        return obj.application.reference if obj.application else "–"

    def get_readonly_fields(self, request, obj=None):
        # Liaisons see which application a lead led to by its reference, never its content.
        if not request.user.has_perm("vouchers.view_application"):
            return ("reference",)
        return ()

    def get_fields(self, request, obj=None):
        fields = [*self.form.Meta.fields, "status_note"]
        if not request.user.has_perm("vouchers.view_application"):
            fields[fields.index("application")] = "reference"
        return fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            values = {
                name: data.get(name) for name in LeadForm.Meta.fields if name not in ("status", "application")
            }
            created = lead_create(actor=request.user, **values)
            obj.pk, obj.status = created.pk, created.status
            return
        previous = Lead.objects.get(pk=obj.pk)
        new_status = obj.status
        obj.status, obj.application = previous.status, data.get("application", previous.application)
        obj.save()
        if new_status != previous.status:
            try:
                lead_move(
                    lead=obj,
                    to_status=new_status,
                    actor=request.user,
                    note=data.get("status_note", ""),
                    application=obj.application,
                )
            except ValidationError as error:  # checked in the form; a concurrent move may still refuse
                self.message_user(request, " ".join(error.messages), level="error")
