from django.urls import path
from django.utils.translation import gettext_lazy as _

from vouchers.awards import views as awards
from vouchers.follow_up import views as follow_up
from vouchers.intake.views import applications, pages
from vouchers.jury import views as jury
from vouchers.personal_data import views as personal_data

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path(_("call/rules/"), pages.CallRulesView.as_view(), name="call_rules"),
    path(_("faq/"), pages.FaqView.as_view(), name="faq"),
    path(_("results/"), awards.ResultsView.as_view(), name="results"),
    path(_("applications/"), applications.DashboardView.as_view(), name="application_dashboard"),
    path(_("my-data/"), personal_data.my_data, name="my_data"),
    path(_("applications/new/"), applications.start_application, name="application_start"),
    path(_("applications/<uuid:public_id>/"), applications.DetailView.as_view(), name="application_detail"),
    path(
        _("applications/<uuid:public_id>/attachments/"),
        applications.AttachmentsView.as_view(),
        name="application_attachments",
    ),
    path(
        _("applications/<uuid:public_id>/attachments/<uuid:attachment_id>/delete/"),
        applications.AttachmentDeleteView.as_view(),
        name="application_attachment_delete",
    ),
    path(
        _("applications/<uuid:public_id>/submit/"),
        applications.ReviewView.as_view(),
        name="application_review",
    ),
    path(
        _("applications/<uuid:public_id>/withdraw/"),
        follow_up.WithdrawView.as_view(),
        name="application_withdraw",
    ),
    path(
        _("applications/<uuid:public_id>/receipt/"),
        applications.receipt_download,
        name="application_receipt",
    ),
    path(_("applications/<uuid:public_id>/voucher/"), follow_up.voucher_answer, name="voucher_answer"),
    path(
        _("applications/<uuid:public_id>/voucher/follow-up/"),
        follow_up.voucher_follow_up,
        name="voucher_follow_up",
    ),
    path(
        _("applications/<uuid:public_id>/voucher/follow-up/files/<uuid:file_id>/delete/"),
        follow_up.voucher_file_delete,
        name="voucher_file_delete",
    ),
    path(_("voucher-files/<uuid:file_id>/"), follow_up.voucher_file_download, name="voucher_file_download"),
    path(_("files/<uuid:attachment_id>/"), applications.attachment_download, name="attachment_download"),
    path(_("letters/<int:letter_id>/"), awards.letter_download, name="letter_download"),
    path(_("jury/"), jury.jury_dashboard, name="jury_dashboard"),
    path(_("jury/deliberation/"), jury.jury_deliberation, name="jury_deliberation"),
    path(_("jury/deliberation/<uuid:public_id>/"), jury.jury_consensus, name="jury_consensus"),
    path(_("jury/<uuid:public_id>/"), jury.jury_application, name="jury_application"),
    path(_("jury/<uuid:public_id>/declare/"), jury.jury_declare, name="jury_declare"),
    path(_("jury/<uuid:public_id>/review/"), jury.jury_review, name="jury_review"),
    path(
        _("applications/<uuid:public_id>/<slug:section>/"),
        applications.SectionView.as_view(),
        name="application_section",
    ),
]
