from django.apps import apps
from django.contrib import admin, messages
from django.db.models import BigIntegerField, OuterRef, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wecd_portal.celery import app as celery_app
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


def task_label(name):
    """A task's name in words (``work_label``), its code for a task gone from the code."""
    task = celery_app.tasks.get(name)
    return getattr(task, "work_label", "") or name


class PendingWorkTaskFilter(admin.SimpleListFilter):
    title = _("task")
    parameter_name = "task"

    def lookups(self, request, model_admin):
        names = PendingWork.objects.order_by("task").values_list("task", flat=True).distinct()
        return [(name, task_label(name)) for name in names]

    def queryset(self, request, queryset):
        return queryset.filter(task=self.value()) if self.value() else queryset


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

    list_display = ("requested_at", "description", "state", "starts")
    list_filter = (PendingWorkStateFilter, PendingWorkTaskFilter)
    search_fields = ("key",)
    date_hierarchy = "requested_at"
    actions = ["run_again"]
    fields = readonly_fields = (
        "description",
        "state",
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

    @admin.display(description=_("state"))
    def state(self, obj):
        """Waiting, done on…, given up on…, in words."""
        if obj.failed_at:
            return _("Given up on %(date)s") % {
                "date": date_format(timezone.localtime(obj.failed_at), "DATETIME_FORMAT")
            }
        if obj.done_at:
            return _("Done on %(date)s") % {
                "date": date_format(timezone.localtime(obj.done_at), "DATETIME_FORMAT")
            }
        return _("Waiting")

    @admin.display(description=_("task"))
    def description(self, obj):
        """The task in words and what it is for ("Decision letter – WECD-2014-001")."""
        subject = getattr(obj, "application_reference", "") or ""
        return " – ".join(part for part in (str(task_label(obj.task)), subject) if part)

    def get_queryset(self, request):
        """Each row with the reference of the application it concerns (one query)."""
        application = apps.get_model("vouchers", "Application")
        application_id = Cast(KeyTextTransform("application_id", "kwargs"), BigIntegerField())
        reference = application.objects.filter(pk=OuterRef("application_id")).values("reference")[:1]
        return (
            super()
            .get_queryset(request)
            .annotate(application_id=application_id)
            .annotate(application_reference=Subquery(reference))
        )

    @admin.action(description=_("Run the selected tasks given up again"))
    def run_again(self, request, queryset):
        count = sum(1 for work in queryset.filter(failed_at__isnull=False) if work_retry(work=work))
        if not count:
            self.message_user(
                request,
                _("None of the selected tasks was given up: there is nothing to run again."),
                messages.WARNING,
            )
            return
        self.message_user(
            request,
            ngettext("%(count)d task queued again.", "%(count)d tasks queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
