"""Conflicts of interest on record and correctable (withdrawn with a reason, never
deleted), admin forms that never report a refused change as saved, and the guards
of a frozen ranking on the jury side."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from vouchers.intake.models import Application
from vouchers.jury.models import Assignment, CompanyConflict, ConflictDeclaration
from vouchers.jury.services.assignment import (
    applications_blocked_for,
    assignment_add_manual,
    assignment_run,
    conflict_declare,
    conflict_record_by_staff,
    conflict_withdraw,
    conflicted_pairs,
)
from vouchers.tests.jury_helpers import assign, eligible, freeze, inputs, jury_call, seat
from wecd_portal.core.models import AuditEntry
from wecd_portal.tests.factories import juror, staff_member

pytestmark = pytest.mark.django_db

FROZEN_ASSIGNMENT_FR = (
    "Le classement de cet appel est figé\u00a0: plus aucun juré ne peut être affecté à ses candidatures."
)
FROZEN_DECLARATION_FR = (
    "Le classement de cet appel est figé\u00a0: les évaluations sont closes et plus aucun conflit "
    "ne peut être déclaré sur ses candidatures."
)


@pytest.fixture
def declared():
    """A juror declared a conflict with the SME of the only application of the call."""
    call = jury_call()
    application = eligible(call, 1)
    (member,) = seat(call)
    assign(application, member)
    conflict_declare(
        application=application, juror=member, conflicted_numbers=[application.sme_enterprise_number]
    )
    return call, application, member, CompanyConflict.objects.get(juror=member)


def messages_of(response):
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def test_a_withdrawn_conflict_no_longer_makes_the_juror_conflicted(declared):
    call, application, member, conflict = declared
    staff = staff_member()
    assert conflicted_pairs(call=call) == {(application.pk, member.pk)}

    conflict_withdraw(conflict=conflict, actor=staff, reason="Saisie erronée : aucun lien.")

    conflict.refresh_from_db()
    assert (conflict.withdrawn_by, conflict.withdrawal_reason) == (staff, "Saisie erronée : aucun lien.")
    assert conflict.withdrawn_at is not None
    assert conflicted_pairs(call=call) == set()
    assert list(Application.objects.filter(applications_blocked_for(member))) == []
    assert ConflictDeclaration.objects.filter(juror=member).count() == 0
    assert AuditEntry.objects.get(action="conflict.withdrawn").data == {
        "juror": member.email,
        "enterprise_number": application.sme_enterprise_number,
        "reason": "Saisie erronée : aucun lien.",
        "declarations_cleared": [application.pk],
    }
    assignment_run(call=call)
    assert list(Assignment.objects.filter(application=application).values_list("juror", flat=True)) == [
        member.pk
    ]
    assert CompanyConflict.objects.filter(juror=member).count() == 1  # kept, never deleted


def test_a_conflict_still_in_force_on_the_other_company_keeps_the_declaration(declared):
    call, application, member, conflict = declared
    creative = application.parties.get(role="creative").enterprise_number
    conflict_record_by_staff(juror=member, enterprise_number=creative, actor=staff_member())

    conflict_withdraw(conflict=conflict, actor=staff_member(), reason="Erreur.")

    assert conflicted_pairs(call=call) == {(application.pk, member.pk)}
    assert ConflictDeclaration.objects.filter(juror=member, has_conflict=True).count() == 1


@pytest.mark.parametrize(
    ("who", "reason", "code", "message"),
    [
        (
            "juror",
            "Erreur.",
            "staff_only",
            "Seul le personnel de Wallonie Design peut retirer un conflit d’intérêts.",
        ),
        ("staff", "  ", "reason_required", "Veuillez indiquer le motif du retrait de ce conflit d’intérêts."),
    ],
)
def test_a_withdrawal_needs_staff_and_a_reason(declared, who, reason, code, message):
    _call, _application, member, conflict = declared
    actor = member if who == "juror" else staff_member()

    with pytest.raises(ValidationError) as error, translation.override("fr"):
        conflict_withdraw(conflict=conflict, actor=actor, reason=reason)

    with translation.override("fr"):
        assert (error.value.code, error.value.messages) == (code, [message])
    conflict.refresh_from_db()
    assert conflict.withdrawn_at is None


@pytest.mark.parametrize("again_by", ["staff", "juror"])
def test_a_conflict_is_withdrawn_once_and_may_be_recorded_again(declared, again_by):
    _call, application, member, conflict = declared
    staff = staff_member()
    conflict_withdraw(conflict=conflict, actor=staff, reason="Erreur.")

    with pytest.raises(ValidationError) as error:
        conflict_withdraw(conflict=conflict, actor=staff, reason="Encore.")
    number = application.sme_enterprise_number
    if again_by == "staff":
        conflict_record_by_staff(juror=member, enterprise_number=number, actor=staff)
    else:
        conflict_declare(application=application, juror=member, conflicted_numbers=[number])

    assert error.value.code == "already_withdrawn"
    assert CompanyConflict.objects.filter(juror=member).count() == 2
    again = CompanyConflict.objects.get(juror=member, withdrawn_at__isnull=True)
    assert (again.enterprise_number, again.source) == (number, again_by)
    assert conflicted_pairs(call=application.call) == {(application.pk, member.pk)}


def test_the_conflict_list_names_the_company_and_formats_the_number(client, declared):
    _call, application, member, _conflict = declared
    client.force_login(staff_member())

    html = client.get("/en/admin/vouchers/companyconflict/").content.decode()

    sme = application.parties.get(role="sme")
    assert re.search(r'<th class="field-juror nowrap"><a href="[^"]+">([^<]+)</a></th>', html).group(
        1
    ) == str(member)
    assert f'<td class="field-company">{sme.name}</td>' in html
    assert f'<td class="field-number">{sme.enterprise_number_display}</td>' in html
    assert '<td class="field-source">Declared by the juror</td>' in html


def test_staff_withdraw_a_conflict_from_its_change_page(client, declared):
    _call, _application, _member, conflict = declared
    client.force_login(staff_member())
    url = f"/en/admin/vouchers/companyconflict/{conflict.pk}/change/"

    page = client.get(url).content.decode()
    response = client.post(url, {"withdrawal_reason": "Homonyme, aucun lien."})

    editable = sorted(name for name in inputs(page) if name != "csrfmiddlewaretoken")
    assert editable == ["_save"]
    assert page.count("<textarea") == 1 and 'name="withdrawal_reason"' in page
    assert response.status_code == 302
    label = f"{conflict.juror} ↔ Menuiserie Lambert 1 (0000.000.196)"
    assert messages_of(response) == [("success", f"The conflict of interest “{label}” is withdrawn.")]
    conflict.refresh_from_db()
    assert conflict.withdrawal_reason == "Homonyme, aucun lien."


def test_a_refused_withdrawal_shows_the_error_and_no_success_message(client, declared):
    _call, _application, _member, conflict = declared
    client.force_login(staff_member())

    response = client.post(
        f"/en/admin/vouchers/companyconflict/{conflict.pk}/change/", {"withdrawal_reason": ""}
    )

    assert response.status_code == 200
    assert "Give the reason for withdrawing this conflict of interest." in response.content.decode()
    assert messages_of(response) == []
    conflict.refresh_from_db()
    assert conflict.withdrawn_at is None


def test_a_withdrawn_conflict_is_read_only_and_no_conflict_is_ever_deleted(client, declared):
    _call, _application, _member, conflict = declared
    staff = staff_member()
    conflict_withdraw(conflict=conflict, actor=staff, reason="Erreur.")
    client.force_login(staff)
    url = f"/en/admin/vouchers/companyconflict/{conflict.pk}/"

    page = client.get(f"{url}change/").content.decode()

    assert "<textarea" not in page and 'name="_save"' not in page
    assert "Erreur." in page
    assert client.post(f"{url}change/", {"withdrawal_reason": "Autre"}).status_code == 403
    assert client.post(f"{url}delete/", {"post": "yes"}).status_code == 403
    assert CompanyConflict.objects.filter(pk=conflict.pk).exists() is True


def test_a_conflict_already_on_record_is_refused_on_the_add_form(client, declared):
    _call, application, member, _conflict = declared
    client.force_login(staff_member())

    response = client.post(
        "/en/admin/vouchers/companyconflict/add/",
        {"juror": member.pk, "enterprise_number": application.sme_enterprise_number, "note": ""},
    )

    assert response.status_code == 200
    assert "This conflict of interest is already on record." in response.content.decode()
    assert messages_of(response) == []
    assert CompanyConflict.objects.filter(juror=member).count() == 1


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("conflicted", "This juror has a conflict of interest with this application."),
        ("not_on_jury", "This person is not on the jury of this call."),
        ("frozen", "The ranking of this call is frozen: its jurors can no longer be assigned."),
    ],
)
def test_a_refused_manual_assignment_shows_the_error_and_no_success_message(client, declared, case, message):
    call, application, member, _conflict = declared
    chosen = {"conflicted": member, "not_on_jury": juror(), "frozen": seat(call)[0]}[case]
    if case == "frozen":
        freeze(call)
    before = Assignment.objects.count()
    client.force_login(staff_member())

    response = client.post(
        "/en/admin/vouchers/assignment/add/", {"application": application.pk, "juror": chosen.pk}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert messages_of(response) == []
    assert Assignment.objects.count() == before


def test_an_accepted_manual_assignment_is_saved_with_its_success_message(client, declared):
    call, application, _member, _conflict = declared
    (free,) = seat(call)
    client.force_login(staff_member())

    response = client.post(
        "/en/admin/vouchers/assignment/add/", {"application": application.pk, "juror": free.pk}
    )

    assignment = Assignment.objects.get(application=application, juror=free)
    assert response.status_code == 302
    assert assignment.manual is True
    assert [level for level, _text in messages_of(response)] == ["success"]


def test_a_frozen_call_refuses_assignments_and_declarations_with_a_clear_message(declared):
    call, application, member, _conflict = declared
    other = eligible(call, 2)
    (free,) = seat(call)
    assign(other, member)
    freeze(call)

    refusals = []
    with translation.override("fr"):
        for attempt in (
            lambda: assignment_run(call=call),
            lambda: assignment_add_manual(application=application, juror=free, actor=staff_member()),
            lambda: conflict_declare(application=other, juror=member, conflicted_numbers=[]),
        ):
            with pytest.raises(ValidationError) as error:
                attempt()
            refusals.append((error.value.code, error.value.messages))

    assert refusals == [
        ("ranking_frozen", [FROZEN_ASSIGNMENT_FR]),
        ("ranking_frozen", [FROZEN_ASSIGNMENT_FR]),
        ("ranking_frozen", [FROZEN_DECLARATION_FR]),
    ]
    assert ConflictDeclaration.objects.filter(application=other).count() == 0


def test_the_assign_jurors_action_on_a_frozen_call_is_an_error_message(client, declared):
    call, _application, _member, _conflict = declared
    freeze(call)
    client.force_login(staff_member())

    response = client.post(
        "/admin/vouchers/call/", {"action": "assign_jurors", "_selected_action": [call.pk]}
    )

    assert response.status_code == 302
    assert messages_of(response) == [("error", f"{call.name_fr}\u00a0: {FROZEN_ASSIGNMENT_FR}")]


def test_a_juror_declaring_on_a_frozen_call_is_told_why(client, declared):
    call, _application, member, _conflict = declared
    other = eligible(call, 2)
    assign(other, member)
    freeze(call)
    client.force_login(member)
    with translation.override("fr"):
        url = reverse("jury_declare", kwargs={"public_id": other.public_id})

    response = client.post(url, {"answer": "none"})

    html = response.content.decode()
    row = re.search(rf'<td id="declare-{other.pk}">.*?</td>', html, flags=re.S).group(0)
    assert response.status_code == 400
    assert f'<a href="#declare-{other.pk}">{other.reference}</a>\u00a0: {FROZEN_DECLARATION_FR}' in html
    assert FROZEN_DECLARATION_FR in row
    assert ConflictDeclaration.objects.filter(application=other).count() == 0


def test_staff_type_the_enterprise_number_as_it_is_printed(client, declared):
    _call, application, member, _conflict = declared
    provider = application.parties.get(role="creative").enterprise_number
    printed = f"{provider[:4]}.{provider[4:7]}.{provider[7:]}"
    client.force_login(staff_member())

    wrong = client.post(
        "/admin/vouchers/companyconflict/add/", {"juror": member.pk, "enterprise_number": "0800.100.6"}
    )
    right = client.post(
        "/admin/vouchers/companyconflict/add/", {"juror": member.pk, "enterprise_number": f"BE {printed}"}
    )

    html = wrong.content.decode()
    assert html.count("n’est pas un numéro d’entreprise belge") == 1  # said once, by the field
    assert right.status_code == 302
    recorded = CompanyConflict.objects.get(juror=member, enterprise_number=provider)
    assert str(recorded).endswith(f"↔ {printed}")


def test_a_conflict_recorded_by_staff_says_which_assignments_it_took(client):
    call = jury_call()
    application = eligible(call, 1)
    (member,) = seat(call)
    assign(application, member)
    client.force_login(staff_member())

    response = client.post(
        "/admin/vouchers/companyconflict/add/",
        {"juror": member.pk, "enterprise_number": application.sme_enterprise_number},
    )

    assert (response.status_code, Assignment.objects.filter(juror=member).count()) == (302, 0)
    warnings = [message for level, message in messages_of(response) if level == "warning"]
    assert [message.split(". ")[0] for message in warnings] == [
        f"Ce conflit a retiré ces candidatures au juré\u00a0: {application.reference}"
    ]
