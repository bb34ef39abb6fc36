"""The jury: conflicts at company level, assignment in the database, juror pages."""

import random

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from vouchers.jury.models import Assignment, CompanyConflict, ConflictDeclaration
from vouchers.jury.services.assignment import (
    assignment_add_manual,
    assignment_run,
    conflict_declare,
    conflict_record_by_staff,
    conflicted_pairs,
)
from vouchers.tests.factories import complete_application
from vouchers.tests.pipeline import eligible, open_call, seat
from wecd_portal.core.models import AuditEntry
from wecd_portal.tests.factories import applicant, juror, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    call = open_call()
    call.jurors_per_application = 2
    call.save()
    return call


def assigned(application):
    return set(Assignment.objects.filter(application=application).values_list("juror_id", flat=True))


def test_assignment_gives_each_eligible_application_k_jurors_and_emails_them(
    call, django_capture_on_commit_callbacks
):
    applications = [eligible(call, seed) for seed in range(1, 4)]
    draft = complete_application(call=call, owner=applicant(), seed=9)
    jurors = seat(call, 3)

    with django_capture_on_commit_callbacks(execute=True):
        plan = assignment_run(call=call, seed=1)

    assert [len(assigned(application)) for application in applications] == [2, 2, 2]
    assert assigned(draft) == set()
    assert sorted(plan.loads([j.pk for j in jurors]).values()) == [2, 2, 2]
    assert sorted(message.to[0] for message in mail.outbox) == sorted(j.email for j in jurors)
    assert "2 applications of the call" in mail.outbox[0].body or "2 candidatures" in mail.outbox[0].body


def test_assignment_is_idempotent_and_deterministic(call):
    for seed in range(1, 6):
        eligible(call, seed)
    seat(call, 4)

    first = assignment_run(call=call, seed=42)
    rows = set(Assignment.objects.values_list("application_id", "juror_id"))
    second = assignment_run(call=call, seed=42)

    assert first.assignments == second.assignments
    assert set(Assignment.objects.values_list("application_id", "juror_id")) == rows


def test_manual_assignment_is_kept_and_a_conflicted_one_refused(call):
    application = eligible(call, 1)
    first, second, third = seat(call, 3)
    conflict_record_by_staff(
        juror=third, enterprise_number=application.sme_enterprise_number, actor=staff_member()
    )

    assignment_add_manual(application=application, juror=first, actor=staff_member())
    assignment_run(call=call)

    assert assigned(application) == {first.pk, second.pk}
    assert Assignment.objects.get(application=application, juror=first).manual is True
    with pytest.raises(ValidationError) as error:
        assignment_add_manual(application=application, juror=third, actor=staff_member())
    assert error.value.code == "conflicted"


def test_a_manual_assignment_emails_the_juror_once(call, django_capture_on_commit_callbacks):
    application = eligible(call, 1)
    (member,) = seat(call, 1)

    with django_capture_on_commit_callbacks(execute=True):
        assignment_add_manual(application=application, juror=member, actor=staff_member())
        assignment_add_manual(application=application, juror=member, actor=staff_member())

    assert [message.to for message in mail.outbox] == [[member.email]]
    assert "WECD-2014-001" in mail.outbox[0].body


def test_a_conflict_declared_after_assignment_removes_the_juror_and_reassigns(call):
    application = eligible(call, 1)
    other = eligible(call, 2)
    jurors = seat(call, 3)
    assignment_run(call=call, seed=3)
    conflicted = next(j for j in jurors if j.pk in assigned(application))

    conflict_declare(
        application=application, juror=conflicted, conflicted_numbers=[application.sme_enterprise_number]
    )

    assert conflicted.pk not in assigned(application)
    assert len(assigned(application)) == 2
    assert len(assigned(other)) == 2
    assert (
        CompanyConflict.objects.get(juror=conflicted).enterprise_number == application.sme_enterprise_number
    )
    assert AuditEntry.objects.get(action="jury.conflict_declared").data["conflict"] is True


def test_a_company_conflict_applies_to_every_application_involving_it(call):
    first = eligible(call, 1)
    second = eligible(call, 2)
    second.parties.filter(role="creative").update(
        enterprise_number=first.parties.get(role="creative").enterprise_number
    )
    jurors = seat(call, 3)
    conflict_record_by_staff(
        juror=jurors[0],
        enterprise_number=first.parties.get(role="creative").enterprise_number,
        actor=staff_member(),
    )

    assignment_run(call=call)

    assert jurors[0].pk not in assigned(first) | assigned(second)


@pytest.fixture
def juror_setup(call):
    application = eligible(call, 1)
    members = seat(call, 2)
    assignment_run(call=call)
    return application, members


def test_juror_sees_only_names_and_numbers_before_declaring(client, juror_setup):
    application, (member, _other) = juror_setup
    client.force_login(member)

    dashboard = client.get("/en/jury/").content.decode()
    content = client.get(f"/en/jury/{application.public_id}/")

    assert application.reference in dashboard
    assert "0000.000.196" in dashboard  # the SME's enterprise number
    assert application.title not in dashboard
    assert content.status_code == 404


def test_declaring_no_conflict_opens_the_content_and_its_files(client, juror_setup):
    application, (member, _other) = juror_setup
    client.force_login(member)

    response = client.post(f"/en/jury/{application.public_id}/declare/", {"answer": "none"})
    content = client.get(f"/en/jury/{application.public_id}/")
    attachment = application.attachments.first()

    assert response["Location"] == f"/en/jury/{application.public_id}/"
    assert content.status_code == 200
    assert application.title in content.content.decode()
    assert client.get(f"/en/files/{attachment.public_id}/").status_code == 200
    assert ConflictDeclaration.objects.get(juror=member).has_conflict is False


def test_declaring_a_conflict_hides_the_application(client, juror_setup):
    application, (member, _other) = juror_setup
    client.force_login(member)

    client.post(
        f"/en/jury/{application.public_id}/declare/",
        {"answer": "conflict", "conflict_with": [application.sme_enterprise_number]},
    )

    assert client.get(f"/en/jury/{application.public_id}/").status_code == 404
    assert application.reference not in client.get("/en/jury/").content.decode()
    assert client.get(f"/en/files/{application.attachments.first().public_id}/").status_code == 404


def test_unassigned_juror_and_applicants_see_nothing(client, juror_setup):
    application, _members = juror_setup
    attachment = application.attachments.first()

    client.force_login(juror())
    assert application.reference not in client.get("/en/jury/").content.decode()
    assert client.get(f"/en/jury/{application.public_id}/").status_code == 404
    assert client.post(f"/en/jury/{application.public_id}/declare/", {"answer": "none"}).status_code == 404
    assert client.get(f"/en/files/{attachment.public_id}/").status_code == 404

    client.force_login(applicant())
    assert client.get("/en/jury/").status_code == 403


def test_anonymous_visitor_is_sent_to_login_from_jury_pages(client, juror_setup):
    application, _members = juror_setup

    for url in ("/en/jury/", f"/en/jury/{application.public_id}/"):
        assert client.get(url)["Location"].startswith("/en/accounts/login/")


@pytest.mark.parametrize("count", [1, 3, 50])
def test_jury_dashboard_query_count_is_constant(client, call, django_assert_num_queries, count):
    member = seat(call, 1)[0]
    call.jurors_per_application = 1
    call.save()
    for seed in range(1, count + 1):
        eligible(call, seed)
    assignment_run(call=call)
    client.force_login(member)

    with django_assert_num_queries(8):
        response = client.get("/en/jury/")

    assert response.content.decode().count("data-application=") == count


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_assignment_run_in_the_database_keeps_the_planner_guarantees(seed):
    rng = random.Random(seed)
    call = open_call()
    call.jurors_per_application = rng.randint(1, 3)
    call.save()
    applications = [eligible(call, n) for n in range(1, rng.randint(3, 9))]
    jurors = seat(call, rng.randint(3, 6))
    staff = staff_member()
    for application in applications:
        if rng.random() < 0.3:
            conflict_record_by_staff(
                juror=rng.choice(jurors), enterprise_number=application.sme_enterprise_number, actor=staff
            )
    manual = applications[0]
    free = [j for j in jurors if (manual.pk, j.pk) not in conflicted_pairs(call=call)]
    assignment_add_manual(application=manual, juror=free[0], actor=staff)

    assignment_run(call=call, seed=seed)

    conflicts = conflicted_pairs(call=call)
    loads = {j.pk: 0 for j in jurors}
    for application in applications:
        chosen = assigned(application)
        available = [j for j in jurors if (application.pk, j.pk) not in conflicts]
        assert len(chosen) == min(call.jurors_per_application, len(available))
        assert all((application.pk, juror_id) not in conflicts for juror_id in chosen)
        for juror_id in chosen:
            loads[juror_id] += 1
    assert free[0].pk in assigned(manual)
    if not conflicts:
        assert max(loads.values()) - min(loads.values()) <= 1
