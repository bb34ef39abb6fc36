from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import permission_denied as default_permission_denied
from django.views.generic import TemplateView

from wecd_portal.audit import audit_record

from .health import health_report


@never_cache
@require_GET
def healthz(request):
    """JSON readiness report: 200 when every configured part is up, 503 otherwise."""
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


@never_cache
@require_GET
def ping(request):
    """Liveness: the process answers, touching nothing (also the benchmark's ceiling)."""

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
