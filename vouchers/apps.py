from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    name = "vouchers"
    verbose_name = _("Creativity vouchers")

    def ready(self):
        from vouchers import permissions  # noqa: PLC0415, F401  (registers the permissions once apps are loaded)
