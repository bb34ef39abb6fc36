"""Both catalogs are complete: every message translated, nothing fuzzy."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_catalog_has_every_message_translated_and_none_fuzzy(language):
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "django.po", "rb") as handle:
        catalog = read_po(handle)

    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (not all(message.string) if isinstance(message.string, tuple) else not message.string)
    ]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert (untranslated, fuzzy) == ([], [])
    assert len(catalog) > 200


def test_french_url_paths_are_translated():
    from django.urls import reverse
    from django.utils import translation

    with translation.override("fr"):
        french = [
            reverse(name) for name in ("call_rules", "faq", "legal_notice", "privacy_notice", "accessibility")
        ]
    with translation.override("en"):
        english = [
            reverse(name) for name in ("call_rules", "faq", "legal_notice", "privacy_notice", "accessibility")
        ]

    assert french == ["/appel/reglement/", "/faq/", "/mentions-legales/", "/vie-privee/", "/accessibilite/"]
    assert english == [
        "/en/call/rules/",
        "/en/faq/",
        "/en/legal-notice/",
        "/en/privacy/",
        "/en/accessibility/",
    ]


def test_english_catalog_repeats_the_english_source_strings():
    with open(LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po", "rb") as handle:
        catalog = read_po(handle)

    different = [message.id for message in catalog if message.id and (message.string != message.id)]
    assert different == []
