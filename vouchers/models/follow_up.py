"""Kept for the migrations that name this path (0019, 0025): the file path lives in
``vouchers.follow_up.models``."""

from vouchers.follow_up.models import follow_up_file_path

__all__ = ["follow_up_file_path"]
