"""Suite-wide plumbing: skip (loudly) what needs a missing service, shared fixtures."""

import pytest
from django.conf import settings

SERVICE_MARKERS = {"postgres": "postgresql", "redis": "redis"}


def pytest_collection_modifyitems(config, items):
    missing = getattr(settings, "MISSING_SERVICES", {})
    for item in items:
        for marker, service in SERVICE_MARKERS.items():
            if item.get_closest_marker(marker) and service in missing:
                item.add_marker(pytest.mark.skip(reason=f"needs {service}: {missing[service]}"))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    missing = getattr(settings, "MISSING_SERVICES", {})
    if not missing:
        terminalreporter.write_line(
            "Services: PostgreSQL and Redis reachable; no test skipped for a missing service.",
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
