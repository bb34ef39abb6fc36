from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path(_("legal-notice/"), views.LegalNoticeView.as_view(), name="legal_notice"),
    path(_("privacy/"), views.PrivacyNoticeView.as_view(), name="privacy_notice"),
    path(_("accessibility/"), views.AccessibilityStatementView.as_view(), name="accessibility"),
]
