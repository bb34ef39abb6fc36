from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wecd_portal.core.admin_mixins import ReadOnlyAdminMixin

from .models import MailBounce, OutboxAttachment, OutboxMessage
from .rendering import render_email_preview
from .services import outbox_message_requeue


class ReadOnlyInline(admin.TabularInline):
    """Rows only services write, shown under their message."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class OutboxAttachmentInline(ReadOnlyInline):
    model = OutboxAttachment
    fields = ("filename", "content_type")
    readonly_fields = fields


class MailBounceInline(ReadOnlyInline):
    model = MailBounce
    verbose_name_plural = _("delivery reports received")
    fields = ("received_at", "recipient", "outcome", "status_code", "diagnostic")
    readonly_fields = fields

    @admin.display(description=_("outcome"))
    def outcome(self, obj):
        return bounce_outcome(obj)


def bounce_outcome(bounce):
    if bounce.hard:
        return _("Address refused")
    if bounce.action == "unknown":
        return _("Reply that is not a delivery report")
    return _("Delivery delayed or uncertain (the server keeps trying)")


class BouncedFilter(admin.SimpleListFilter):
    title = _("delivery")
    parameter_name = "bounced"

    def lookups(self, request, model_admin):
        return (("hard", _("Not delivered (address refused)")), ("any", _("With a delivery report")))

    def queryset(self, request, queryset):
        if self.value() == "hard":
            return queryset.filter(bounces__hard=True).distinct()
        if self.value() == "any":
            return queryset.filter(bounces__isnull=False).distinct()
        return queryset


@admin.register(MailBounce)
class MailBounceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every delivery report received, those matching no message included."""

    list_display = ("received_at", "recipient", "outcome", "status_code", "message")
    list_filter = ("hard", "action")
    search_fields = ("recipient", "diagnostic")
    list_select_related = ("message",)
    date_hierarchy = "received_at"
    fields = ("received_at", "message", "recipient", "outcome", "action", "status_code", "diagnostic")
    readonly_fields = fields

    @admin.display(description=_("outcome"))
    def outcome(self, obj):
        return bounce_outcome(obj)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Staff read the outbox and preview each message; only services write it."""

    list_display = ("created_at", "subject", "recipient_list", "language", "status", "attempts", "sent_at")
    list_filter = ("status", BouncedFilter, "language", "template")
    search_fields = ("subject", "recipients", "template", "dedupe_key")
    date_hierarchy = "created_at"
    inlines = [OutboxAttachmentInline, MailBounceInline]
    actions = ["send_again"]
    fields = (
        "status",
        "template",
        "language",
        "recipient_list",
        "subject",
        "preview",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
        "created_at",
        "dedupe_key",
    )
    readonly_fields = fields

    @admin.display(description=_("recipients"))
    def recipient_list(self, obj):
        return ", ".join(obj.recipients)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if obj.sensitive:
            return _("Hidden: this message carries a personal login, verification or reset link.")
        return render_email_preview(obj)

    @admin.action(description=_("Send the selected failed messages again"))
    def send_again(self, request, queryset):
        count = 0
        for message in queryset.filter(status=OutboxMessage.Status.FAILED):
            outbox_message_requeue(message=message)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
