from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "wecd_portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import audit_signals
        from .roles import grant_role_permissions

        audit_signals.connect()

        # Permissions exist only after every app migrated: grant them then.
        post_migrate.connect(grant_role_permissions, dispatch_uid="wecd_role_permissions")
