from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path(_("clusters/"), views.dashboard_view, name="clusters_dashboard"),
    path(_("clusters/actions/"), views.action_list, name="clusters_actions"),
    path(_("clusters/actions/calendar/"), views.action_calendar, name="clusters_calendar"),
    path(_("clusters/actions/<int:pk>/"), views.action_detail, name="clusters_action"),
    path(_("clusters/organisations/"), views.organisation_list, name="clusters_organisations"),
    path(_("clusters/organisations/<int:pk>/"), views.organisation_detail, name="clusters_organisation"),
    path(_("clusters/leads/"), views.lead_list, name="clusters_leads"),
    path(_("clusters/needs/"), views.need_list, name="clusters_needs"),
    path(_("clusters/files/<uuid:file_id>/"), views.action_file_download, name="clusters_file"),
]
