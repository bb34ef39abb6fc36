"""Public pages: the current call presented from its record, in French and English."""

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import caches
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from vouchers.intake.models import Call
from vouchers.tests.factories import CallFactory
from wecd_portal.core.templatetags.portal import url_in_language
from wecd_portal.tests.factories import applicant, staff_member

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")
NNBSP = "\u202f"  # the thousands separator of fr_BE


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def call_state(html):
    return re.findall(r'data-call-state="([a-z_]+)"', html)


def test_home_in_french_presents_the_open_call_from_its_record(client):
    CallFactory(
        name_fr="Chèques créativité 2027",
        name_en="Creativity vouchers 2027",
        voucher_amount=Decimal("6000"),
        voucher_count=10,
        opens_at=timezone.now() - dt.timedelta(days=3),
        closes_at=dt.datetime(2099, 10, 1, 23, 59, 59, tzinfo=BRUSSELS),
    )

    html = page(client, "/")

    assert '<html lang="fr">' in html
    assert "<h1>Chèques créativité 2027</h1>" in html
    assert call_state(html) == ["open"]
    assert "Ouvert aux candidatures." in html
    assert f"6{NNBSP}000\xa0€" in html
    assert "1 octobre 2099 23:59" in html
    assert "Créer un compte pour introduire une candidature" in html
    assert "À quoi servent les chèques" in html


def test_home_in_english_presents_the_same_call_in_english(client):
    CallFactory(
        name_fr="Chèques créativité 2027",
        name_en="Creativity vouchers 2027",
        closes_at=dt.datetime(2099, 10, 1, 23, 59, 59, tzinfo=BRUSSELS),
    )

    html = page(client, "/en/")

    assert '<html lang="en">' in html
    assert "<h1>Creativity vouchers 2027</h1>" in html
    assert call_state(html) == ["open"]
    assert "Open for applications." in html
    assert "€6,000" in html
    assert "1 October 2099, 23:59" in html
    assert "10 vouchers of €6,000 each" in html


def test_home_before_opening_says_when_the_call_opens(client):
    CallFactory(
        opens_at=dt.datetime(2099, 6, 16, 0, 0, tzinfo=BRUSSELS),
        closes_at=dt.datetime(2099, 10, 1, 23, 59, 59, tzinfo=BRUSSELS),
    )

    html = page(client, "/en/")

    assert call_state(html) == ["upcoming"]
    assert "The call opens on 16 June 2099, 00:00 (Brussels time)." in html


def test_home_after_the_deadline_shows_the_call_closed_with_results_date(client):
    CallFactory(
        opens_at=timezone.now() - dt.timedelta(days=60),
        closes_at=timezone.now() - dt.timedelta(days=1),
        results_date=dt.date(2099, 11, 14),
    )

    html = page(client, "/")

    assert call_state(html) == ["closed"]
    assert "Clôturé." in html
    assert "14 novembre 2099" in html
    assert "Créer un compte pour introduire une candidature" not in html


def test_home_after_release_shows_results_published(client):
    CallFactory(
        opens_at=timezone.now() - dt.timedelta(days=90),
        closes_at=timezone.now() - dt.timedelta(days=30),
        results_published_at=dt.datetime(2026, 11, 20, 10, 0, tzinfo=BRUSSELS),
    )

    html = page(client, "/en/")

    assert call_state(html) == ["results_published"]
    assert "The results of this call were published on 20 November 2026" in html


def test_home_with_only_the_pilot_call_presents_it_closed(client):
    html = page(client, "/en/")

    assert "<h1>Creativity vouchers 2014 – WECD pilot call</h1>" in html
    assert call_state(html) == ["closed"]
    assert "The call closed on 1 October 2014, 23:59 (Brussels time)." in html


def test_home_without_any_call_says_so(client):
    Call.objects.all().delete()

    html = page(client, "/en/")

    assert "There is no call for applications at the moment." in html
    assert call_state(html) == []


def test_every_page_links_to_itself_in_the_other_language(client):
    assert 'href="/en/faq/" hreflang="en"' in page(client, "/faq/")
    assert 'href="/faq/" hreflang="fr"' in page(client, "/en/faq/")
    assert 'href="/en/call/rules/" hreflang="en"' in page(client, "/appel/reglement/")
    assert 'href="/mentions-legales/" hreflang="fr"' in page(client, "/en/legal-notice/")


@pytest.mark.parametrize("path", ["//evil.example/x", "/\\evil.example/x", "///evil.example/x"])
def test_the_language_link_of_a_missing_page_never_leaves_the_site(rf, path):
    """A browser asking for //evil.example/x gets a 404 page whose language link must
    not be that protocol-relative URL (which would leave the site)."""
    request = rf.get("/")
    request.path = request.path_info = path

    link = url_in_language({"request": request}, "en")

    assert url_has_allowed_host_and_scheme(link, allowed_hosts=None)
    assert link.startswith("/") and not link.startswith(("//", "/\\"))


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/appel/reglement/", "<h1>Règlement de l’appel</h1>"),
        ("/en/call/rules/", "<h1>Rules of the call</h1>"),
        ("/faq/", "<h1>Questions fréquentes</h1>"),
        ("/en/faq/", "<h1>Frequently asked questions</h1>"),
        ("/mentions-legales/", "<h1>Mentions légales</h1>"),
        ("/en/legal-notice/", "<h1>Legal notice</h1>"),
        ("/vie-privee/", "<h1>Protection de la vie privée</h1>"),
        ("/en/privacy/", "<h1>Privacy notice</h1>"),
        ("/accessibilite/", "<h1>Déclaration d’accessibilité</h1>"),
        ("/en/accessibility/", "<h1>Accessibility statement</h1>"),
    ],
)
def test_public_pages_answer_anonymous_visitors_in_their_language(client, url, heading):
    assert heading in page(client, url)


def test_rules_page_quotes_the_calls_money_and_state_aid_values(client):
    CallFactory(
        voucher_amount=Decimal("6000"),
        voucher_count=10,
        de_minimis_ceiling=Decimal("300000"),
        cofinancing_share=Decimal("25"),
    )

    html = page(client, "/en/call/rules/")

    assert "Amount of a voucher: €6,000." in html
    assert "Number of vouchers: 10, a total budget of €60,000." in html
    assert "The SME pays 25 % of the project cost itself." in html
    assert "it may not exceed €300,000." in html


def test_navigation_shows_administration_to_staff_only(client):
    anonymous = page(client, "/en/")
    client.force_login(applicant())
    as_applicant = page(client, "/en/")
    client.force_login(staff_member())
    as_staff = page(client, "/en/")

    assert ">Administration<" not in anonymous
    assert ">Log in<" in anonymous
    assert ">Administration<" not in as_applicant
    assert "Applicant" in as_applicant
    assert ">Administration<" in as_staff
    assert "Wallonie Design staff" in as_staff


def test_pages_load_no_third_party_resource(client):
    html = page(client, "/")

    assert re.findall(r'(?:src|href)="(https?://[^"]+)"', html) == []
    assert "<script>" not in html
    assert 'style="' not in html


def test_home_page_query_count_does_not_grow_with_calls(client, django_assert_num_queries):
    CallFactory()
    with django_assert_num_queries(1):
        client.get("/")
    CallFactory.create_batch(2)
    with django_assert_num_queries(1):
        client.get("/")


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_anonymous_visitors_get_the_home_page_from_the_cache(client, settings, django_assert_num_queries):
    settings.WECD_PUBLIC_PAGE_CACHE_SECONDS = 30
    caches["public_pages"].clear()
    first = client.get("/en/")
    with django_assert_num_queries(0):
        cached = client.get("/en/")
        with_a_query_string = client.get("/en/?utm_source=newsletter")
    client.force_login(applicant())
    signed_in = client.get("/en/")

    assert cached.content == first.content
    assert with_a_query_string.content == first.content
    assert cached["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "My applications" in signed_in.content.decode()
    assert "My applications" not in cached.content.decode()
