"""Belgian postal codes → province and region (DOMAIN.md).

Wallonia = 1300–1499 or 4000–7999. Voeren/Fourons (3790–3798) is Flemish;
the German-speaking communes (e.g. Eupen 4700) and the Comines-Warneton exclave
(7780–7784) are Walloon.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    WALLONIA = "wallonia", _("Wallonia")
    BRUSSELS = "brussels", _("Brussels-Capital")
    FLANDERS = "flanders", _("Flanders")


class Province(models.TextChoices):
    BRUSSELS = "brussels", _("Brussels-Capital")
    WALLOON_BRABANT = "walloon_brabant", _("Walloon Brabant")
    FLEMISH_BRABANT = "flemish_brabant", _("Flemish Brabant")
    ANTWERP = "antwerp", _("Antwerp")
    LIMBURG = "limburg", _("Limburg")
    LIEGE = "liege", _("Liège")
    NAMUR = "namur", _("Namur")
    HAINAUT = "hainaut", _("Hainaut")
    LUXEMBOURG = "luxembourg", _("Luxembourg")
    WEST_FLANDERS = "west_flanders", _("West Flanders")
    EAST_FLANDERS = "east_flanders", _("East Flanders")


# (first code, last code, province, region), inclusive ranges
POSTAL_RANGES = (
    (1000, 1299, Province.BRUSSELS, Region.BRUSSELS),
    (1300, 1499, Province.WALLOON_BRABANT, Region.WALLONIA),
    (1500, 1999, Province.FLEMISH_BRABANT, Region.FLANDERS),
    (2000, 2999, Province.ANTWERP, Region.FLANDERS),
    (3000, 3499, Province.FLEMISH_BRABANT, Region.FLANDERS),
    (3500, 3999, Province.LIMBURG, Region.FLANDERS),
    (4000, 4999, Province.LIEGE, Region.WALLONIA),
    (5000, 5999, Province.NAMUR, Region.WALLONIA),
    (6000, 6599, Province.HAINAUT, Region.WALLONIA),
    (6600, 6999, Province.LUXEMBOURG, Region.WALLONIA),
    (7000, 7999, Province.HAINAUT, Region.WALLONIA),
    (8000, 8999, Province.WEST_FLANDERS, Region.FLANDERS),
    (9000, 9999, Province.EAST_FLANDERS, Region.FLANDERS),
)


def locate_postal_code(code):
    """(province, region) of a 4-digit Belgian postal code, or (None, None)."""
    try:
        number = int(code)
    except (TypeError, ValueError):
        return None, None
    for first, last, province, region in POSTAL_RANGES:
        if first <= number <= last:
            return province, region
    return None, None
