from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from vouchers.awards.admin.decisions import awards_view, confirm_awards, propose_awards
from vouchers.awards.admin.freeze import freeze_view, unfreeze_view
from vouchers.awards.admin.release import release_view
from vouchers.eligibility import admin as eligibility_admin  # noqa: F401  (registers applications)
from vouchers.follow_up.admin import dashboard_view
from vouchers.intake import admin as intake_admin  # noqa: F401  (registers companies)
from vouchers.intake.models import Call
from vouchers.intake.services.calls import call_save
from vouchers.jury.admin.assignment import CriterionInline, JuryMemberInline, assign_jurors
from vouchers.jury.admin.deliberation import consensus_view, ranking_view
from wecd_portal.audit import audit_record
from wecd_portal.core.templatetags.portal import format_money


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ("name_fr", "opens_at", "closes_at", "voucher_count", "amount", "state_label")
    search_fields = ("name_fr", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_fr",)}
    inlines = [CriterionInline, JuryMemberInline]
    actions = [assign_jurors, propose_awards, confirm_awards]
    readonly_fields = ("budget_display", "results_published_at", "ranking_link", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name_fr", "name_en", "slug")}),
        (
            _("Calendar"),
            {
                "fields": (
                    "opens_at",
                    "closes_at",
                    "results_date",
                    "results_published_at",
                    "execution_start_date",
                    "execution_end_date",
                    "report_days",
                )
            },
        ),
        (_("Money"), {"fields": ("voucher_amount", "voucher_count", "budget_display", "cofinancing_share")}),
        (_("State aid"), {"fields": ("de_minimis_ceiling", "de_minimis_window_years")}),
        (
            _("Screening"),
            {
                "fields": (
                    "provider_application_limit",
                    "redress_days",
                    "reference_prefix",
                    "acceptance_days",
                    "retention_years",
                )
            },
        ),
        (
            _("Jury"),
            {
                "fields": (
                    "jurors_per_application",
                    "review_due_date",
                    "pass_threshold",
                    "disagreement_threshold",
                    "tie_break_criterion",
                    "peer_reviews_visible",
                )
            },
        ),
        (
            _("Letters"),
            {
                "description": _(
                    "Who signs the decision letters, and the address, phone and e-mail printed at their "
                    "top. No letter is written without a signatory and an address."
                ),
                "fields": (
                    "signatory_name",
                    "signatory_title_fr",
                    "signatory_title_en",
                    "sender_address",
                    "sender_phone",
                    "sender_email",
                ),
            },
        ),
        (_("History"), {"fields": ("ranking_link", "created_at", "updated_at")}),
    )

    @admin.display(description=_("voucher amount"))
    def amount(self, obj):
        return format_money(obj.voucher_amount)

    @admin.display(description=_("budget"))
    def budget_display(self, obj):
        return format_money(obj.budget) if obj.pk else "—"

    @admin.display(description=_("state"))
    def state_label(self, obj):
        return obj.state.label

    def save_model(self, request, obj, form, change):
        call_save(call=obj, actor=request.user, changed_fields=form.changed_data)

    def get_urls(self):
        def call_page(view):
            return self.admin_site.admin_view(lambda request, object_id: view(self, request, object_id))

        pages = {
            "ranking": ranking_view,
            "freeze": freeze_view,
            "unfreeze": unfreeze_view,
            "awards": awards_view,
            "release": release_view,
            "vouchers": dashboard_view,
        }
        deliberate = self.admin_site.admin_view(
            lambda request, object_id, application_id: consensus_view(
                self, request, object_id, application_id
            )
        )
        return [
            *[
                path(f"<int:object_id>/{name}/", call_page(view), name=f"vouchers_call_{name}")
                for name, view in pages.items()
            ],
            path(
                "<int:object_id>/ranking/<int:application_id>/consensus/",
                deliberate,
                name="vouchers_call_consensus",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("ranking"))
    def ranking_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:vouchers_call_ranking", args=[obj.pk]),
            _("Open the ranking"),
            reverse("admin:vouchers_call_awards", args=[obj.pk]),
            _("Award decisions"),
            reverse("admin:vouchers_call_release", args=[obj.pk]),
            _("Results release"),
            reverse("admin:vouchers_call_vouchers", args=[obj.pk]),
            _("Vouchers dashboard"),
        )

    def save_formset(self, request, form, formset, change):
        # Criteria and jury seats are the call's configuration: saved with it, audited.
        changed = formset.has_changed()
        super().save_formset(request, form, formset, change)
        if changed:
            audit_record(
                actor=request.user,
                action=f"call.{formset.prefix}_changed",
                target=form.instance,
                data={"rows": len(formset.forms) - len(formset.deleted_forms)},
            )
