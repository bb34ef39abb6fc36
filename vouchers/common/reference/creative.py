"""Cultural and creative industries: domains and the NACE Rev.2 codes usually counted
(ESSnet-Culture / KEA, DOMAIN.md). Kept as data: staff confirm unclear cases."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CreativeDomain(models.TextChoices):
    PRODUCT_DESIGN = "product_design", _("Product design")
    INTERIOR_DESIGN = "interior_design", _("Interior design")
    FASHION_DESIGN = "fashion_design", _("Fashion design")
    GRAPHIC_DESIGN = "graphic_design", _("Graphic design and visual communication")
    ARCHITECTURE = "architecture", _("Architecture")
    ADVERTISING = "advertising", _("Advertising")
    AUDIOVISUAL = "audiovisual", _("Audiovisual and multimedia")
    MUSIC = "music", _("Music")
    PUBLISHING = "publishing", _("Publishing")
    GAMES_SOFTWARE = "games_software", _("Video games and creative software")
    PHOTOGRAPHY = "photography", _("Photography")
    VISUAL_ARTS = "visual_arts", _("Visual arts")
    PERFORMING_ARTS = "performing_arts", _("Performing arts")
    CRAFTS = "crafts", _("Art crafts")
    HERITAGE = "heritage", _("Heritage")


# Exact classes and whole groups (a prefix ending with a dot matches every class in it).
CREATIVE_NACE_CODES = (
    "58.11",
    "58.13",
    "58.14",
    "58.21",
    "59.11",
    "59.12",
    "59.13",
    "59.14",
    "59.20",
    "60.10",
    "60.20",
    "63.91",
    "71.11",
    "73.11",
    "74.10",
    "74.20",
    "74.30",
    "85.52",
    "90.01",
    "90.02",
    "90.03",
    "90.04",
    "91.01",
    "91.02",
    "91.03",
    # Added later by Eurostat.
    "18.",
    "32.12",
    "32.20",
    "47.61",
    "47.62",
    "47.63",
)


def is_creative_nace(code):
    """Whether a normalised NACE code (e.g. "74.10" or "74.102") is a creative one."""
    if not code:
        return False
    for creative in CREATIVE_NACE_CODES:
        if creative.endswith("."):
            if code.startswith(creative):
                return True
        elif code == creative or code.startswith(creative):
            return True
    return False
