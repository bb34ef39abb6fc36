"""Kept for the data migration that imports it: the pilot criteria live in
``vouchers.jury.criteria``."""

from vouchers.jury.criteria import PILOT_CRITERIA

__all__ = ["PILOT_CRITERIA"]
