"""The juror's dashboard per call (due date, progress, titles, frozen calls), the
conflicts on record, and the president's way to the deliberation."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from vouchers.common.validators import format_enterprise_number
from vouchers.intake.models import Company
from vouchers.jury.services.assignment import (
    assignment_add_manual,
    conflict_declare,
    conflict_record_by_staff,
    conflict_withdraw,
)
from vouchers.tests.jury_helpers import BRUSSELS, assign, eligible, freeze, jury_call, review, seat, text
from wecd_portal.tests.factories import juror, staff_member

pytestmark = pytest.mark.django_db


def url(name, language="fr", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def sections(html):
    """The dashboard's call sections, in order: slug → the section's HTML."""
    parts = re.split(r'(?=<section class="mt-4" data-call=")', html)
    return {re.search(r'data-call="([^"]+)"', part).group(1): part for part in parts[1:]}


def test_the_dashboard_groups_by_call_open_ones_first_with_due_date_progress_and_titles(client):
    member = juror()
    older = jury_call(slug="appel-2014")
    newer = jury_call(
        slug="appel-2015",
        opens_at=dt.datetime(2015, 6, 15, tzinfo=BRUSSELS),
        closes_at=dt.datetime(2015, 10, 1, tzinfo=BRUSSELS),
        review_due_date=dt.date(2015, 11, 6),
    )
    frozen = jury_call(
        slug="appel-2016",
        opens_at=dt.datetime(2016, 6, 15, tzinfo=BRUSSELS),
        closes_at=dt.datetime(2016, 10, 1, tzinfo=BRUSSELS),
        review_due_date=None,
    )
    for call in (older, newer, frozen):
        seat(call, members=[member])
    reviewed, undeclared = eligible(older, 1, title="Chaise pliante"), eligible(older, 2, title="Secret")
    drafted = eligible(newer, 3, title="Lampe solaire")
    closed = eligible(frozen, 4, title="Banc public")
    for application in (reviewed, undeclared, drafted, closed):
        assign(application, member)
    review(reviewed, member)
    review(drafted, member, submit=False)
    review(closed, member)
    freeze(frozen)
    client.force_login(member)

    html = client.get(url("jury_dashboard")).content.decode()

    groups = sections(html)
    assert list(groups) == ["appel-2015", "appel-2014", "appel-2016"]
    assert "Évaluations à remettre au plus tard le 6 novembre 2015." in text(groups["appel-2015"])
    assert "Évaluations à remettre au plus tard le 7 novembre 2014." in text(groups["appel-2014"])
    assert "Évaluations à remettre" not in groups["appel-2016"]
    progress = [re.search(r'data-progress="([^"]+)"', groups[slug]).group(1) for slug in groups]
    assert progress == ["0/1", "1/2", "1/1"]
    assert "Évaluations soumises : 1 sur 2." in text(groups["appel-2014"])
    assert [slug for slug, part in groups.items() if 'data-reviews="closed"' in part] == ["appel-2016"]
    assert "Le classement de cet appel est figé : les évaluations sont closes." in text(groups["appel-2016"])
    assert "WECD-0001 Chaise pliante" in text(groups["appel-2014"])
    assert "Lampe solaire" in groups["appel-2015"]
    assert "Secret" not in html  # no title before the declaration
    assert html.count(f'action="{url("jury_declare", public_id=undeclared.public_id)}"') == 1
    assert "Poursuivre l’évaluation" in groups["appel-2015"]


def test_a_frozen_call_offers_no_declaration(client):
    call = jury_call()
    application = eligible(call, 1)
    (member,) = seat(call)
    assign(application, member)
    freeze(call)
    client.force_login(member)

    html = client.get(url("jury_dashboard")).content.decode()

    assert 'name="answer"' not in html
    assert text(html).count("Évaluations closes") == 1


def test_the_juror_sees_the_conflicts_on_record_with_the_company_name_and_number(client):
    call = jury_call()
    declared = eligible(call, 1)
    recorded = eligible(call, 2)
    member, other = seat(call, 2)
    assign(declared, member, other)
    assign(recorded, member, other)
    conflict_declare(application=declared, juror=member, conflicted_numbers=[declared.sme_enterprise_number])
    creative = recorded.parties.get(role="creative")
    Company.objects.create(enterprise_number=creative.enterprise_number, name="Atelier du registre")
    staff = staff_member()
    by_staff = conflict_record_by_staff(
        juror=member, enterprise_number=creative.enterprise_number, actor=staff
    )
    conflict_withdraw(conflict=by_staff, actor=staff, reason="Homonyme : aucun lien réel.")
    assignment_add_manual(application=recorded, juror=member, actor=staff)  # allowed again
    client.force_login(member)

    html = client.get(url("jury_dashboard")).content.decode()

    rows = re.findall(r'<tr data-conflict="(\d+)"[^>]*>(.*?)</tr>', html, flags=re.S)
    today = timezone.localdate()
    assert [(number, text(row)) for number, row in rows] == [
        (
            declared.sme_enterprise_number,
            f"Menuiserie Lambert 1 0000.000.196 {today.day} {month_fr(today)} {today.year} "
            "(Déclaré par le membre du jury) En vigueur",
        ),
        (
            creative.enterprise_number,
            f"Atelier du registre {format_enterprise_number(creative.enterprise_number)} {today.day} {month_fr(today)} {today.year} "
            f"(Enregistré par le personnel) Retiré le {today.day} {month_fr(today)} {today.year}",
        ),
    ]
    assert declared.reference not in html  # the conflicted application is not listed
    assert recorded.reference in html  # the withdrawn conflict no longer hides it


def month_fr(day):
    with translation.override("fr"):
        return date_format(day, "F")


@pytest.mark.parametrize("path", ["jury_dashboard", "home"])
def test_the_president_sees_the_deliberation_link_and_a_plain_juror_does_not(client, path):
    call = jury_call()
    president, plain = seat(call, 2, president=True)
    link = f'href="{url("jury_deliberation")}"'

    client.force_login(president)
    for_president = client.get(url(path)).content.decode()
    client.force_login(plain)
    for_juror = client.get(url(path)).content.decode()

    assert 'data-nav="deliberation"' in for_president
    assert for_president.count(link) == (2 if path == "jury_dashboard" else 1)
    assert for_juror.count(link) == 0


@pytest.mark.parametrize("count", [1, 3])
def test_the_dashboard_query_count_does_not_grow(client, django_assert_num_queries, count):
    call = jury_call()
    other_call = jury_call()
    (member,) = seat(call)
    seat(other_call, members=[member])
    for seed in range(1, count + 1):
        assign(eligible(call, seed), member)
        assign(eligible(other_call, 100 + seed), member)
    review(call.applications.order_by("pk").first(), member)
    conflict_record_by_staff(
        juror=member, enterprise_number=eligible(call, 99).sme_enterprise_number, actor=staff_member()
    )
    client.force_login(member)

    with django_assert_num_queries(8):
        response = client.get(url("jury_dashboard"))

    assert response.content.decode().count("data-application=") == 2 * count
