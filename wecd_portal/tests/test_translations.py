"""Both catalogs are complete: every message translated, nothing fuzzy."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.apps import apps
from django.urls import reverse
from django.utils import translation

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


SAME_IN_FRENCH = {
    *("ID", "UUID", "SHA-256", "action", "message", "organisation", "consensus", "description", "code"),
    *("province", "justification", "position", "source", "notes", "type", "date"),
}


def test_every_field_of_the_projects_models_has_a_french_label():
    """The admin's columns, filters and forms speak French: no field falls back to
    Django's label made from its English name ("created at", "decided by")."""

    projects = ("vouchers", "clusters", "notifications", "core", "accounts")
    english = []
    for model in (m for app in projects for m in apps.get_app_config(app).get_models()):
        for field in model._meta.concrete_fields:
            with translation.override("fr"):
                label = str(field.verbose_name)
            source = getattr(field.verbose_name, "_args", None) or getattr(
                field.verbose_name, "_proxy____args", ()
            )
            if field.name != "id" and label not in SAME_IN_FRENCH and (not source or label == source[0]):
                english.append(f"{model.__name__}.{field.name}: {label}")
    assert english == []


def test_french_punctuation_is_held_to_its_word_by_a_no_break_space():
    """« : ; ! ? » and the guillemets never start or end a line on their own: the
    French catalogue puts a no-break space before them (after «), never a plain one."""

    with open(LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po", "rb") as handle:
        catalog = read_po(handle)

    loose = [
        text
        for message in catalog
        if message.id
        for text in (message.string if isinstance(message.string, tuple) else (message.string,))
        if re.search(r" [:;!?»]|« ", text)
    ]
    assert loose == []
