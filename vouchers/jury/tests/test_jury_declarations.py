"""A juror's conflict declaration says what really happened, and a contradiction
(a company ticked, then "No conflict") is refused, never guessed."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from vouchers.jury.models import CompanyConflict, ConflictDeclaration
from vouchers.tests.jury_helpers import assign, eligible, jury_call, seat

pytestmark = pytest.mark.django_db


def declare(client, application, data):
    with translation.override("fr"):
        path = reverse("jury_declare", args=[application.public_id])
    response = client.post(path, data)
    return response, [str(message) for message in get_messages(response.wsgi_request)]


def test_a_ticked_company_with_no_conflict_is_refused(client):
    call = jury_call()
    application = eligible(call, 1)
    (member,) = seat(call, 1)
    assign(application, member)
    sme = application.parties.get(role="sme")
    client.force_login(member)

    response, said = declare(
        client, application, {"answer": "none", "conflict_with": [sme.enterprise_number]}
    )

    html = response.content.decode()
    row = re.search(rf'<td id="declare-{application.pk}">.*?</td>', html, flags=re.S).group(0)
    message = (
        "Vous avez coché une entreprise avec laquelle vous avez un lien. "
        "Déclarez le conflit, ou décochez-la s’il n’y en a pas."
    )
    # The refusal stands on the row (ticks kept, marked invalid) and in the summary.
    assert (response.status_code, said) == (400, [])
    assert f'<a href="#declare-{application.pk}">{application.reference}</a>\u00a0: {message}' in html
    assert message in row and f'aria-describedby="declare-error-{application.pk}"' in row
    boxes = re.findall(r'<input class="form-check-input is-invalid"[^>]*>', row)
    assert [" checked" in box for box in boxes] == [True, False]
    assert ConflictDeclaration.objects.count() == 0
    assert CompanyConflict.objects.count() == 0


def test_a_conflict_without_a_free_juror_says_staff_will_appoint_one(client):
    call = jury_call()
    application = eligible(call, 1)
    (member,) = seat(call, 1)
    assign(application, member)
    sme = application.parties.get(role="sme")
    client.force_login(member)

    _response, said = declare(
        client, application, {"answer": "conflict", "conflict_with": [sme.enterprise_number]}
    )

    assert said == [
        "Conflit enregistré\u00a0: cette candidature vous est retirée. Aucun autre membre du jury n’est "
        "encore disponible\u00a0: Wallonie Design en désignera un."
    ]
    assert application.assignments.count() == 0


def test_a_conflict_with_a_free_juror_says_it_went_to_them(client):
    call = jury_call()
    application = eligible(call, 1)
    first, _second = seat(call, 2)
    assign(application, first)
    sme = application.parties.get(role="sme")
    client.force_login(first)

    _response, said = declare(
        client, application, {"answer": "conflict", "conflict_with": [sme.enterprise_number]}
    )

    assert said == ["Conflit enregistré\u00a0: cette candidature a été confiée à un autre membre du jury."]
    assert application.assignments.count() == 1


def test_the_declaration_address_opened_directly_leads_to_the_dashboard(client):
    call = jury_call()
    application = eligible(call, 1)
    (member,) = seat(call, 1)
    assign(application, member)
    client.force_login(member)
    with translation.override("en"):
        path = reverse("jury_declare", args=[application.public_id])

    response = client.get(path)  # the language switch after a refused declaration

    assert (response.status_code, response["Location"]) == (302, "/en/jury/")
    assert ConflictDeclaration.objects.count() == 0
