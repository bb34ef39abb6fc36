from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import permission_denied as default_permission_denied
from django.views.generic import TemplateView

from wecd_portal.audit import audit_record

from .health import health_report


@never_cache
@require_GET
def healthz(request):
    """Readiness, as JSON: 200 while the database answers, 503 otherwise. Anonymous
    callers (a load balancer) get the status alone; staff and a probe sending
    ``Authorization: Bearer <WECD_HEALTH_TOKEN>`` get each part's state."""
    ready, report = health_report()
    if not _may_read_health_details(request):
        report = {"status": report["status"]}
    return JsonResponse(report, status=200 if ready else 503)


def _may_read_health_details(request):
    if request.user.is_authenticated and request.user.is_staff:
        return True
    token = settings.WECD_HEALTH_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(token) and constant_time_compare(given, token)


@never_cache
@require_GET
def ping(request):
    """Liveness: the process answers, touching nothing (a supervisor restarts a web
    process that stops answering it; also the benchmark's ceiling)."""

    return HttpResponse("ok", content_type="text/plain")


def admin_login_redirect(request, extra_context=None):
    """Replace the admin's own login form with allauth's login page."""
    if request.user.is_authenticated:
        # Signed in but not staff: sending them to the login page would loop.
        raise PermissionDenied
    next_url = request.GET.get("next") or reverse("admin:index")
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


class LegalNoticeView(TemplateView):
    template_name = "pages/legal_notice.html"


class PrivacyNoticeView(TemplateView):
    template_name = "pages/privacy_notice.html"


class AccessibilityStatementView(TemplateView):
    template_name = "pages/accessibility.html"


def permission_denied(request, exception=None):
    """The 403 page; each refusal is audited (who, which page, from where)."""

    user = getattr(request, "user", None)
    audit_record(
        actor=user,
        action="auth.forbidden",
        data={
            "path": request.path[:300],
            "method": request.method,
            "ip": request.META.get("REMOTE_ADDR", ""),
        },
    )
    return default_permission_denied(request, exception)
