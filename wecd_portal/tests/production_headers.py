"""Run in a subprocess under the production settings: print the security headers and
cookies of the login page as JSON (see test_security_headers). The services of a
real deployment are replaced by local ones: static files unhashed, cache in memory."""

import json

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

with override_settings(STORAGES=STORAGES, CACHES=CACHES):
    client = Client()
    host = settings.ALLOWED_HOSTS[0]
    insecure = client.get("/en/accounts/login/", HTTP_HOST=host)
    response = client.get("/en/accounts/login/", secure=True, HTTP_HOST=host)
    print(
        json.dumps(
            {
                "insecure_status": insecure.status_code,
                "insecure_location": insecure.get("Location", ""),
                "status": response.status_code,
                "headers": dict(response.headers),
                "cookies": {
                    name: {
                        "secure": bool(morsel["secure"]),
                        "httponly": bool(morsel["httponly"]),
                        "samesite": morsel["samesite"],
                    }
                    for name, morsel in response.cookies.items()
                },
            }
        )
    )
