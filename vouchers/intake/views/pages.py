"""Public pages presenting the current call."""

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.generic import TemplateView

from vouchers.intake.enums import CallState
from vouchers.intake.selectors.calls import call_current


class CallPageMixin:
    """Puts the current call, its state and the time left in the context."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        call = call_current(now=now)
        context.update(
            call=call,
            call_state=call.state_at(now) if call else None,
            CallState=CallState,
            now=now,
        )
        return context


class PublicPageCacheMixin:
    """Anonymous visitors get the page from the cache (per path and language) for
    WECD_PUBLIC_PAGE_CACHE_SECONDS: the deadline rush's crowd reads the same call
    page. Signed-in users, and visitors with a message to show, get a fresh page.
    The pages hold no CSRF token nor anything personal.

    The cache is each web process's memory (the ``public_pages`` cache): a page is
    a few kilobytes, rendered once per process and period, and served with no
    round trip to Redis (bench/README.md: with Redis the home page served 0.77 of
    the minimal view's requests per second and the FAQ 0.36; now 1.04 and 0.96).
    The key is the path, never the query string, which these pages do not read:
    made-up query strings cannot fill the cache or push the real pages out."""

    def get(self, request, *args, **kwargs):
        seconds = settings.WECD_PUBLIC_PAGE_CACHE_SECONDS
        cacheable = seconds and not request.user.is_authenticated and not messages.get_messages(request)
        if not cacheable:
            return super().get(request, *args, **kwargs)
        key = f"public-page:{translation.get_language()}:{request.path}"
        cache = caches["public_pages"]
        content = cache.get(key)
        if content is None:
            response = super().get(request, *args, **kwargs)
            response.render()
            cache.set(key, response.content, seconds)
            return response
        return HttpResponse(content)


class HomeView(PublicPageCacheMixin, CallPageMixin, TemplateView):
    template_name = "vouchers/home.html"


class CallRulesView(PublicPageCacheMixin, CallPageMixin, TemplateView):
    template_name = "vouchers/rules.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(privacy_url=reverse("privacy_notice"), **kwargs)


class FaqView(PublicPageCacheMixin, CallPageMixin, TemplateView):
    template_name = "vouchers/faq.html"
