#!/usr/bin/env python
"""Django's command-line utility for the WECD portal."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wecd_portal.settings.local")
    from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415  (once the settings module is chosen)
    from django.core.management import execute_from_command_line  # noqa: PLC0415  (once the settings module is chosen)

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A configuration mistake is the operator's to fix: say what, not where.
        sys.stderr.write(f"Configuration error: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
