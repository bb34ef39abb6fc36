"""Choices the portal's core shares with every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScanStatus(models.TextChoices):
    """A stored file's virus scan (vouchers.common.scanning)."""

    CLEAN = "clean", _("Scanned, clean")
    PENDING = "pending", _("In quarantine, waiting for the scanner")
    INFECTED = "infected", _("Refused by the virus scanner")
    UNSCANNED = "unscanned", _("Not scanned (no scanner configured)")
