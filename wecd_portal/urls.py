"""URLs: health and language switching unprefixed; pages French at /, English at /en/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from wecd_portal.core import views as core_views

admin.site.site_header = "WECD – Wallonie Design"
admin.site.site_title = "WECD"
# The admin has no login form of its own: it goes through allauth's (verification,
# rate limits, MFA), which sends the user back to the admin afterwards.
admin.site.login = core_views.admin_login_redirect

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("ping", core_views.ping, name="ping"),
]

urlpatterns += i18n_patterns(
    path("", include("vouchers.urls")),
    path("", include("clusters.urls")),
    path("", include("wecd_portal.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler403 = "wecd_portal.core.views.permission_denied"
