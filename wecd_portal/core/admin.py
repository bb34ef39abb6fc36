from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wecd_portal.core.admin_mixins import ReadOnlyAdminMixin

from .models import AuditEntry, PendingWork
from .work import work_retry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the audit log is written by services, never by hand."""

    list_display = ("created_at", "actor_label", "action", "target_type", "target_label")
    list_filter = ("action", "target_type")
    search_fields = ("actor_label", "action", "target_label", "target_id")
    date_hierarchy = "created_at"
    list_select_related = ("target_type",)
    readonly_fields = (
        "created_at",
        "actor",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "data",
    )


class PendingWorkStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("waiting", _("Waiting")), ("done", _("Done")), ("given_up", _("Given up"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(done_at__isnull=True, failed_at__isnull=True)
        if self.value() == "done":
            return queryset.filter(done_at__isnull=False)
        if self.value() == "given_up":
            return queryset.filter(failed_at__isnull=False)
        return queryset


@admin.register(PendingWork)
class PendingWorkAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Background work (letters, eligibility runs): staff see what waits or was given
    up, and run a given-up task again; only services write it."""

    list_display = ("requested_at", "task", "key", "enqueues", "starts", "done_at", "failed_at")
    list_filter = (PendingWorkStateFilter, "task")
    search_fields = ("key",)
    date_hierarchy = "requested_at"
    actions = ["run_again"]
    fields = readonly_fields = (
        "task",
        "key",
        "kwargs",
        "requested_at",
        "enqueued_at",
        "enqueues",
        "starts",
        "done_at",
        "failed_at",
        "last_error",
    )

    @admin.action(description=_("Run the selected tasks given up again"))
    def run_again(self, request, queryset):
        count = sum(1 for work in queryset.filter(failed_at__isnull=False) if work_retry(work=work))
        self.message_user(
            request,
            ngettext("%(count)d task queued again.", "%(count)d tasks queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
