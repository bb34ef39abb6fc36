from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wecd_portal.core.admin_mixins import ReadOnlyAdminMixin

from .models import OutboxAttachment, OutboxMessage
from .rendering import render_email_preview
from .services import outbox_message_requeue


class OutboxAttachmentInline(admin.TabularInline):
    model = OutboxAttachment
    fields = ("filename", "content_type")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Staff read the outbox and preview each message; only services write it."""

    list_display = ("created_at", "subject", "recipient_list", "language", "status", "attempts", "sent_at")
    list_filter = ("status", "language", "template")
    search_fields = ("subject", "recipients", "template", "dedupe_key")
    date_hierarchy = "created_at"
    inlines = [OutboxAttachmentInline]
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
