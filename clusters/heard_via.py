"""What the application form offers from the clusters app for "how did you hear of
the call": imports no vouchers module, so the intake stage may use it."""

import datetime as dt

from django.utils import timezone

from .enums import ActionStatus
from .models import AwarenessAction, Organisation


def organisations_for_applicants():
    """What an applicant may name as the organisation they heard of the call through."""
    return Organisation.objects.filter(active=True).order_by("name")


def actions_for_applicants(today=None):
    """Held actions of the last two years, most recent first, for the "heard through" answer."""
    today = today or timezone.localdate()
    return AwarenessAction.objects.filter(
        status=ActionStatus.HELD, starts_at__date__gte=today - dt.timedelta(days=730)
    ).order_by("-starts_at")
