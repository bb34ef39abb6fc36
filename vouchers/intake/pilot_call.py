"""The 2014 pilot call's facts (DOMAIN.md), used by its data migration and seed_demo."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")
PILOT_SLUG = "creativity-vouchers-2014"


def pilot_call_values(deadline_time="23:59:59"):
    """Field values of the 2014 call; the closing time of day is a setting."""
    hour, minute, second = (int(part) for part in deadline_time.split(":"))
    return {
        "name_fr": "Chèques créativité 2014 – appel pilote WECD",
        "name_en": "Creativity vouchers 2014 – WECD pilot call",
        "opens_at": dt.datetime(2014, 6, 16, 0, 0, tzinfo=BRUSSELS),
        "closes_at": dt.datetime(2014, 10, 1, hour, minute, second, tzinfo=BRUSSELS),
        "voucher_amount": Decimal("6000"),
        "voucher_count": 10,
        # Winners were announced mid-November 2014.
        "results_date": dt.date(2014, 11, 14),
        # Unconfirmed: projects start after the results and end before the WECD
        # preparatory action did (July 2015); staff can change both in the admin.
        "execution_start_date": dt.date(2014, 11, 15),
        "execution_end_date": dt.date(2015, 6, 30),
        # 2014 de minimis rules: Regulation 1407/2013.
        "de_minimis_ceiling": Decimal("200000"),
        "de_minimis_window_years": 3,
        "cofinancing_share": Decimal("0"),
    }
