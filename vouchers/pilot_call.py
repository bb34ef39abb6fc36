"""Kept for the data migrations that import it: the pilot call lives in
``vouchers.intake.pilot_call``."""

from vouchers.intake.pilot_call import PILOT_SLUG, pilot_call_values

__all__ = ["PILOT_SLUG", "pilot_call_values"]
