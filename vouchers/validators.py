"""Kept for the migrations that name this path (0003, 0009…): the validators live in
``vouchers.common.validators``."""

from vouchers.common.validators import validate_enterprise_number

__all__ = ["validate_enterprise_number"]
