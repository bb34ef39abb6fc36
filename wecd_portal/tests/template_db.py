"""The test databases of several pytest-xdist processes on PostgreSQL, migrated once:
the first process to take the lock migrates a template database, and every process
clones it (``CREATE DATABASE … TEMPLATE``, a file copy) instead of running the
migrations itself (about nine seconds of CPU each on two cores)."""

import contextlib
import fcntl
import tempfile
from pathlib import Path

import psycopg2
from psycopg2 import sql

TEMPLATE_SUFFIX = "_template_"


def _admin_connection(settings_dict):
    connection = psycopg2.connect(
        dbname="postgres",
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
    )
    connection.autocommit = True
    return connection


@contextlib.contextmanager
def _lock(name):
    with (Path(tempfile.gettempdir()) / f"{name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _exists(cursor, name):
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def clone_from_template(connection, run_id):
    """Give this process its test database, cloned from the run's template (migrated
    by whichever process comes first). Returns the database's name."""
    settings_dict = connection.settings_dict
    own_name = settings_dict["TEST"]["NAME"]
    template = f"{own_name.rsplit('_gw', 1)[0]}{TEMPLATE_SUFFIX}{run_id}"
    with _lock(template):
        admin = _admin_connection(settings_dict)
        try:
            with admin.cursor() as cursor:
                if not _exists(cursor, template):
                    settings_dict["TEST"]["NAME"] = template
                    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
                    connection.close()
                    settings_dict["TEST"]["NAME"] = own_name
                cursor.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(own_name))
                )
                cursor.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                        sql.Identifier(own_name), sql.Identifier(template)
                    )
                )
        finally:
            admin.close()
    settings_dict["NAME"] = own_name
    connection.close()
    return own_name


def drop(settings_dict, name):
    """Drop a test database, closing what threads of the tests left connected to it
    (a live server's, a concurrency test's)."""
    admin = _admin_connection(settings_dict)
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        admin.close()


def drop_templates(settings_dict, base_name):
    """Drop the templates this run (or a run that was killed) left behind."""
    admin = _admin_connection(settings_dict)
    try:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{base_name}{TEMPLATE_SUFFIX}%"]
            )
            for (name,) in cursor.fetchall():
                cursor.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
    finally:
        admin.close()
