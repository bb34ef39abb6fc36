"""The rows the data migrations write (role groups, the 2014 pilot call and its
criteria, the clusters), written again after a transactional test's flush emptied
them: every one of these functions is idempotent."""

import importlib

from django.apps import apps

from wecd_portal.accounts.roles import grant_role_permissions

DATA_MIGRATIONS = [
    ("wecd_portal.accounts.migrations.0002_role_groups", "create_role_groups"),
    ("wecd_portal.accounts.migrations.0003_cluster_liaison_group", "create_group"),
    ("vouchers.migrations.0002_pilot_call_2014", "create_pilot_call"),
    ("vouchers.migrations.0004_pilot_call_execution_start", "set_execution_start"),
    ("vouchers.migrations.0010_pilot_criteria", "create_criteria"),
    ("clusters.migrations.0002_seed_organisations", "seed"),
]


def migration_data():
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
    grant_role_permissions()  # as after each migrate: the groups' admin permissions
