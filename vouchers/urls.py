from django.urls import path
from django.utils.translation import gettext_lazy as _

from .views import pages

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path(_("call/rules/"), pages.CallRulesView.as_view(), name="call_rules"),
    path(_("faq/"), pages.FaqView.as_view(), name="faq"),
]
