"""Public pages presenting the current call."""

from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from vouchers.enums import CallState
from vouchers.selectors.calls import call_current


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


class HomeView(CallPageMixin, TemplateView):
    template_name = "vouchers/home.html"


class CallRulesView(CallPageMixin, TemplateView):
    template_name = "vouchers/rules.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(privacy_url=reverse("privacy_notice"), **kwargs)


class FaqView(CallPageMixin, TemplateView):
    template_name = "vouchers/faq.html"


class ResultsView(TemplateView):
    """The awarded projects of the calls whose results are released."""

    template_name = "vouchers/results.html"

    def get_context_data(self, **kwargs):
        from vouchers.services.release import published_awards

        return super().get_context_data(rows=published_awards(), **kwargs)
