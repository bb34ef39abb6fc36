"""Zero-downtime deploys: the migrations of a release only expand the schema (expand,
then contract in a later release), so that the code still running on other hosts
keeps working on the migrated database. django-migration-linter reads each new
migration's SQL on PostgreSQL and refuses a column dropped, renamed or made NOT NULL
without a default, a table dropped or renamed. The migrations of earlier releases
are listed in ``migrations_released.txt``; a contract migration, named
``*_contract_*``, lands in a release of its own."""

from pathlib import Path

import pytest
from django_migration_linter import MigrationLinter

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

BASE_DIR = Path(__file__).resolve().parents[2]
RELEASED = Path(__file__).with_name("migrations_released.txt")
PROJECT_APPS = ["accounts", "clusters", "core", "notifications", "vouchers"]


def released_migrations():
    lines = RELEASED.read_text().splitlines()
    return [line.split(".", 1)[1] for line in lines if line and not line.startswith("#")]


def test_the_migrations_added_since_the_last_release_only_expand_the_schema():
    linter = MigrationLinter(
        str(BASE_DIR),
        ignore_name=released_migrations(),
        ignore_name_contains="_contract_",
        include_apps=PROJECT_APPS,
        no_cache=True,
        no_output=True,
    )

    linter.lint_all_migrations()

    assert (linter.nb_erroneous, linter.has_errors) == (0, False)


def test_the_check_refuses_a_not_null_column_without_a_database_default():
    """clusters 0004 (issue 15, released before this check) added ``scan_status`` NOT
    NULL with a Python default only: code still running on another host would fail to
    insert an action file. Today it would take ``db_default=``."""
    linter = MigrationLinter(
        str(BASE_DIR),
        include_name=["0004_action_file_scan"],
        include_apps=["clusters"],
        no_cache=True,
        no_output=True,
    )

    linter.lint_all_migrations()

    assert (linter.nb_total - linter.nb_ignored, linter.nb_erroneous) == (1, 1)
