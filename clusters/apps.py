from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = _("Clusters and competitiveness poles")

    def ready(self):
        from clusters import permissions  # noqa: PLC0415, F401  (registers the permissions once apps are loaded)
