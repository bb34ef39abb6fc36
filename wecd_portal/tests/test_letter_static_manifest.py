"""Under production's hashed static names (a manifest storage, after collectstatic)
the letters still get their stylesheet and logo (found by the fresh-eyes walk: the
production letters came out unstyled, the test settings' plain storage hid it)."""

import io

import pytest
from django.core.management import call_command
from django.templatetags.static import static

from wecd_portal.documents import STATIC_BASE, StaticFilesOnlyFetcher


@pytest.fixture
def hashed_static(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", verbosity=0, stdout=io.StringIO())


@pytest.mark.parametrize(
    ("name", "content_type"), [("css/letter.css", "text/css"), ("img/wecd-logo.svg", "image/svg+xml")]
)
def test_the_letters_stylesheet_and_logo_load_under_hashed_names(hashed_static, name, content_type):
    url = STATIC_BASE + static(name)
    assert url != STATIC_BASE + "/static/" + name  # the manifest's hashed name

    response = StaticFilesOnlyFetcher().fetch(url)

    assert response.headers["Content-Type"] == content_type
    assert len(response.read()) > 100
