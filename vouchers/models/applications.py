"""Kept for the migrations that name this path (0003, 0025): the upload path lives in
``vouchers.intake.models.applications``."""

from vouchers.intake.models.applications import attachment_path

__all__ = ["attachment_path"]
