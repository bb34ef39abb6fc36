from django.db import models
from django.utils.translation import gettext_lazy as _


class CallState(models.TextChoices):
    """A call's state, derived from the clock and the results release."""

    UPCOMING = "upcoming", _("Not yet open")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    RESULTS_PUBLISHED = "results_published", _("Results published")
