"""Kept for the migrations that name this path (0017, 0025): the letter path lives in
``vouchers.awards.models``."""

from vouchers.awards.models import letter_path

__all__ = ["letter_path"]
