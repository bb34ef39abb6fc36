"""Loads every stage's permissions (django-rules registers them on import); the app's
``ready()`` imports this module."""

from vouchers.follow_up import permissions as follow_up_permissions
from vouchers.intake import permissions as intake_permissions
from vouchers.jury import permissions as jury_permissions

__all__ = ["follow_up_permissions", "intake_permissions", "jury_permissions"]
