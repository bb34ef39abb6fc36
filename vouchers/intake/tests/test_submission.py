import datetime as dt
import io
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from pypdf import PdfReader

from vouchers.follow_up.services.withdrawal import application_withdraw
from vouchers.intake.enums import ApplicationStatus
from vouchers.intake.models import Application, Call, Company
from vouchers.intake.services.applications import ensure_editable
from vouchers.intake.services.calls import call_save
from vouchers.intake.services.submission import SubmissionIncomplete, application_submit
from vouchers.tests.factories import complete_application
from vouchers.tests.pipeline import BRUSSELS, IN_TIME, open_call
from wecd_portal.core.models import AuditEntry
from wecd_portal.notifications.models import OutboxMessage
from wecd_portal.tests.factories import applicant, staff_member


@pytest.mark.django_db
def test_submission_gives_a_reference_receipt_and_one_email_to_each_person(
    django_capture_on_commit_callbacks,
):
    call = open_call()
    owner = applicant(email="claire1@menuiserie.example")  # also the SME contact
    application = complete_application(call=call, owner=owner)

    with django_capture_on_commit_callbacks(execute=True):
        result = application_submit(application=application, actor=owner, now=IN_TIME)

    submitted = Application.objects.get(pk=application.pk)
    assert (submitted.status, submitted.reference, submitted.sequence) == ("submitted", "WECD-2014-001", 1)
    assert submitted.submitted_at == IN_TIME
    assert result.already_submitted is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["claire1@menuiserie.example", "hugo8000001@studioforme.example"]
    assert mail.outbox[0].attachments[0][0] == "WECD-2014-001.pdf"
    receipt = PdfReader(io.BytesIO(submitted.receipt.read()))
    text = "".join(page.extract_text() for page in receipt.pages)
    assert "WECD-2014-001" in text
    for attachment in submitted.attachments.all():
        assert attachment.sha256[:32] in text.replace("\n", "")
    assert sorted(Company.objects.values_list("enterprise_number", flat=True)) == ["0000000196", "0800000174"]
    assert AuditEntry.objects.filter(action="application.submitted").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("deadline", "submitted_at"),
    [
        # Pages show "1 octobre 2014, 23:59": the whole minute counts.
        (dt.time(23, 59, 59), dt.time(23, 59, 59, 400_000)),
        (dt.time(23, 59, 59), dt.time(23, 59, 59, 999_999)),
        (dt.time(23, 59, 0), dt.time(23, 59, 30)),
    ],
)
def test_a_submission_within_the_minute_the_deadline_shows_is_accepted(deadline, submitted_at):
    call = open_call(closes_at=dt.datetime.combine(dt.date(2014, 10, 1), deadline, tzinfo=BRUSSELS))
    owner = applicant()
    application = complete_application(call=call, owner=owner)

    moment = dt.datetime.combine(dt.date(2014, 10, 1), submitted_at, tzinfo=BRUSSELS)
    application_submit(application=application, actor=owner, now=moment)

    assert Application.objects.get(pk=application.pk).status == "submitted"
    assert call.state_at(moment) == "open"
    assert call.state_at(dt.datetime(2014, 10, 2, 0, 0, tzinfo=BRUSSELS)) == "closed"


@pytest.mark.django_db
def test_submission_one_second_after_closing_is_refused_and_the_draft_kept():
    call = open_call()
    owner = applicant()
    application = complete_application(call=call, owner=owner)

    with pytest.raises(ValidationError) as error:
        application_submit(application=application, actor=owner, now=call.closes_at + dt.timedelta(seconds=1))

    assert error.value.code == "call_closed"
    kept = Application.objects.get(pk=application.pk)
    assert (kept.status, kept.reference, kept.title) == ("draft", None, application.title)
    assert OutboxMessage.objects.count() == 0


@pytest.mark.django_db
def test_incomplete_application_lists_what_is_missing(english):
    call = open_call()
    owner = applicant()
    application = complete_application(call=call, owner=owner, attachments=False, title="")

    with pytest.raises(SubmissionIncomplete) as error:
        application_submit(application=application, actor=owner, now=IN_TIME)

    assert [(problem.section, str(problem.message)) for problem in error.value.problems] == [
        ("project", "Missing: project title."),
        ("attachments", "Missing: Provider’s quotation."),
        ("attachments", "Missing: Signed declarations."),
    ]
    assert Application.objects.get(pk=application.pk).status == "draft"


@pytest.mark.django_db
def test_double_submit_submits_once(django_capture_on_commit_callbacks):
    call = open_call()
    owner = applicant()
    application = complete_application(call=call, owner=owner)

    with django_capture_on_commit_callbacks(execute=True):
        first = application_submit(application=application, actor=owner, now=IN_TIME)
        second = application_submit(application=application, actor=owner, now=IN_TIME)

    assert (first.already_submitted, second.already_submitted) == (False, True)
    assert second.application.reference == "WECD-2014-001"
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="application.submitted").count() == 1
    call.refresh_from_db()
    assert call.last_sequence == 1


@pytest.mark.django_db
def test_second_application_of_the_same_sme_is_refused_by_the_database():
    call = open_call()
    first = complete_application(call=call, owner=applicant(), seed=7)
    second = complete_application(call=call, owner=applicant(), seed=7)
    application_submit(application=first, actor=first.owner, now=IN_TIME)

    with pytest.raises(ValidationError) as error:
        application_submit(application=second, actor=second.owner, now=IN_TIME)

    assert error.value.code == "sme_already_applied"
    assert Application.objects.get(pk=second.pk).status == "draft"
    call.refresh_from_db()
    assert call.last_sequence == 1  # the failed submission left no gap


@pytest.mark.django_db
def test_withdrawn_application_frees_the_sme_for_a_new_one():
    call = open_call()
    first = complete_application(call=call, owner=applicant(), seed=7)
    application_submit(application=first, actor=first.owner, now=IN_TIME)
    application_withdraw(application=first, actor=first.owner, reason="Projet reporté")
    second = complete_application(call=call, owner=applicant(), seed=7)

    application_submit(application=second, actor=second.owner, now=IN_TIME)

    assert Application.objects.get(pk=second.pk).reference == "WECD-2014-002"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_submissions_get_twenty_gap_free_references():
    call = open_call()
    applications = [complete_application(call=call, owner=applicant(), seed=100 + n) for n in range(20)]
    barrier = threading.Barrier(20)
    errors = []

    def submit(application):
        try:
            barrier.wait()
            application_submit(application=application, actor=application.owner, now=IN_TIME)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(application,)) for application in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    references = sorted(Application.objects.filter(call=call).values_list("reference", flat=True))
    assert references == [f"WECD-2014-{n:03d}" for n in range(1, 21)]
    assert OutboxMessage.objects.count() == 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_of_one_application_submits_once():
    call = open_call()
    application = complete_application(call=call, owner=applicant())
    barrier = threading.Barrier(2)
    results = []

    def submit():
        barrier.wait()
        results.append(application_submit(application=application, actor=application.owner, now=IN_TIME))
        connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(result.already_submitted for result in results) == [False, True]
    assert OutboxMessage.objects.count() == 1
    assert Application.objects.get().reference == "WECD-2014-001"


@pytest.mark.django_db
def test_submitted_application_cannot_be_edited():
    call = open_call()
    owner = applicant()
    application = complete_application(call=call, owner=owner)
    application_submit(application=application, actor=owner, now=IN_TIME)
    application.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        ensure_editable(application, now=IN_TIME)
    assert error.value.code == "not_draft"
    assert application.status == ApplicationStatus.SUBMITTED


@pytest.mark.django_db
def test_staff_saving_a_stale_call_does_not_rewind_the_reference_counter():
    call = open_call()
    stale = Call.objects.get(pk=call.pk)  # loaded by the admin before the submission
    first = complete_application(call=call, owner=applicant(), seed=1)
    application_submit(application=first, actor=first.owner, now=IN_TIME)
    stale.voucher_count = 12
    call_save(call=stale, actor=staff_member(), changed_fields=["voucher_count"])
    second = complete_application(call=call, owner=applicant(), seed=2)

    application_submit(application=second, actor=second.owner, now=IN_TIME)

    call.refresh_from_db()
    assert (call.voucher_count, call.last_sequence) == (12, 2)
    assert Application.objects.get(pk=second.pk).reference == "WECD-2014-002"
