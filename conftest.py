"""Suite-wide plumbing: skip (loudly) what needs a missing service, shared fixtures."""

import os

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from pytest_django.fixtures import _get_databases_for_setup
from pytest_django.plugin import blocking_manager_key

from wecd_portal.celery import app as celery_app
from wecd_portal.tests import template_db
from wecd_portal.tests.celery_helpers import restore_broker, use_broker
from wecd_portal.tests.migration_data import migration_data

SERVICE_MARKERS = {"postgres": "postgresql", "redis": "redis", "browser": "chromium", "clamav": "clamav"}


# The tests that take ten seconds or more (a browser, a seeded demo, a real worker or
# a stopped Redis) run first, so that with several processes (pytest-xdist) they
# overlap each other and the short ones fill the gaps, instead of one starting last
# and running alone. A transactional test ends with a flush that empties what the
# data migrations wrote; ``pytest_runtest_teardown`` writes it again, so any test may
# follow one on the same process (pytest-django would otherwise run them all last).
LONG_MARKERS = ("browser", "redis")
LONG_MODULES = (
    "test_admin_crawl.py",
    "test_commands.py",
    "test_faults.py",
    "test_worker_faults.py",
    "test_backup_restore.py",
    "test_deploy_units.py",
)


def _runs_long(item):
    return item.path.name in LONG_MODULES or any(item.get_closest_marker(name) for name in LONG_MARKERS)


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & fixtures
    )


def pytest_collection_modifyitems(config, items):
    missing = getattr(settings, "MISSING_SERVICES", {})
    for item in items:
        for marker, service in SERVICE_MARKERS.items():
            if item.get_closest_marker(marker) and service in missing:
                item.add_marker(pytest.mark.skip(reason=f"needs {service}: {missing[service]}"))
    items.sort(key=lambda item: not _runs_long(item))  # stable: pytest-django's order otherwise


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if nextitem is not None and _is_transactional(item):
        with item.config.stash[blocking_manager_key].unblock():
            migration_data()
    return result


@pytest.fixture(scope="session")
def django_db_setup(  # noqa: PLR0917  (pytest-django's own signature)
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's setup, except with several processes on PostgreSQL: there the
    migrations run once, in a template every process clones (``template_db``)."""
    from django.db import connection  # noqa: PLC0415  (the settings are configured by then)
    from django.test.utils import setup_databases, teardown_databases  # noqa: PLC0415  (idem)

    if not os.environ.get("PYTEST_XDIST_WORKER") or connection.vendor != "postgresql":
        aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
        with django_db_blocker.unblock():
            db_cfg = setup_databases(
                verbosity=0, interactive=False, aliases=aliases, serialized_aliases=serialized_aliases
            )
        yield
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=0)
        return
    with django_db_blocker.unblock():
        name = template_db.clone_from_template(connection, request.config.workerinput["testrunuid"])
    yield
    with django_db_blocker.unblock():
        connection.close()
        template_db.drop(connection.settings_dict, name)


def pytest_sessionfinish(session):
    """The controller of a pytest-xdist run drops the template its processes cloned."""
    if hasattr(session.config, "workerinput") or not session.config.getoption("numprocesses", None):
        return
    from django.db import connection  # noqa: PLC0415  (the settings are configured by then)

    if connection.vendor == "postgresql":
        template_db.drop_templates(connection.settings_dict, connection.creation._get_test_db_name())


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    missing = getattr(settings, "MISSING_SERVICES", {})
    if not missing:
        terminalreporter.write_line(
            "Services: PostgreSQL, Redis, ClamAV and Chromium available; no test skipped for a missing service.",
            green=True,
        )
        return
    skipped = [
        report.nodeid
        for report in terminalreporter.stats.get("skipped", [])
        if "needs " in str(report.longrepr)
    ]
    terminalreporter.write_sep("!", "SERVICES MISSING: TESTS SKIPPED", red=True, bold=True)
    for service, reason in missing.items():
        terminalreporter.write_line(f"{service}: {reason}", red=True, bold=True)
    terminalreporter.write_line(f"{len(skipped)} test(s) skipped because of it:", red=True)
    for nodeid in skipped:
        terminalreporter.write_line(f"  - {nodeid}", red=True)
    terminalreporter.write_line("Under CI=true a missing service is an error, not a skip.", red=True)


@pytest.fixture
def redis_broker():
    """Celery publishing to the real Redis (its test database, flushed), not eagerly."""
    url = settings.TEST_REDIS_URL
    redis.Redis.from_url(url).flushdb()
    previous = use_broker(url)
    yield url
    restore_broker(previous)


@pytest.fixture
def private_redis(tmp_path):
    """A Redis server of this test's own (``PrivateRedis``), which the test may stop
    and restart; Celery publishes to it for the test's length."""
    from wecd_portal.tests.redis_servers import PrivateRedis, private_redis_port  # noqa: PLC0415  (loaded by the tests that use the fixture)

    server = PrivateRedis(private_redis_port(0), tmp_path)
    server.start()
    previous = use_broker(server.url)
    yield server
    restore_broker(previous)
    if server.is_up():
        server.stop()


@pytest.fixture
def celery_worker(redis_broker):
    """A real Celery worker (solo pool, in this process) consuming from Redis."""
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser_page(monkeypatch):
    """A page in headless Debian Chromium driven by Playwright (its own download is never used)."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415  (loaded by the tests that use the fixture)

    # Playwright's sync API runs an event loop in this thread; the test still reads the DB.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.BROWSER_ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=settings.CHROMIUM_PATH, args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()


@pytest.fixture
def browser_audit(browser_page):
    """Screenshots, axe-core and CSP checks on the pages a journey visits; the test
    fails if any page has a serious or critical accessibility violation or a CSP
    violation."""
    from wecd_portal.tests.browser_audit import BrowserAudit  # noqa: PLC0415  (loaded by the tests that use the fixture)

    audit = BrowserAudit()
    audit.watch(browser_page)
    yield audit
    audit.assert_clean()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: allauth's rate limits count in it."""
    from django.core.cache import cache  # noqa: PLC0415  (loaded by the tests that use the fixture)

    cache.clear()
    yield
