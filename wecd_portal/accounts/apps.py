from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "wecd_portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import audit_signals  # noqa: PLC0415  (ready(): the apps are loaded)
        from .roles import grant_role_permissions  # noqa: PLC0415  (ready(): the apps are loaded)

        audit_signals.connect()

        # Permissions exist only after every app migrated: grant them then.
        post_migrate.connect(grant_role_permissions, dispatch_uid="wecd_role_permissions")
