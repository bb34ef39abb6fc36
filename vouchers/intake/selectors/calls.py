"""Which call the public pages present."""

from django.utils import timezone

from vouchers.intake.models import Call


def call_current(*, now=None):
    """The call open now; else the next one to open; else the latest one; else None."""
    now = now or timezone.now()
    # Open until the end of the minute its deadline shows (Call.state_at).
    open_call = (
        Call.objects.filter(opens_at__lte=now, closes_at__gte=now.replace(second=0, microsecond=0))
        .order_by("closes_at")
        .first()
    )
    if open_call:
        return open_call
    upcoming = Call.objects.filter(opens_at__gt=now).order_by("opens_at").first()
    if upcoming:
        return upcoming
    return Call.objects.order_by("-closes_at").first()
