"""A person's data in one ZIP, and the retention of closed calls."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from vouchers.awards.models import AwardDecision, Letter
from vouchers.follow_up.models import VoucherFollowUp
from vouchers.follow_up.services.drafts import follow_up_file_add
from vouchers.intake.models import Application, ApplicationParty, Attachment, Call
from vouchers.personal_data.services import retention_apply
from vouchers.tests.follow_up_helpers import accepted_voucher, pdf_upload
from wecd_portal.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_an_applicant_downloads_all_their_data_and_nobody_elses(client):
    _call, (mine, theirs, _third), follow_up = accepted_voucher()
    follow_up_file_add(
        follow_up=follow_up, actor=mine.owner, kind="invoice", uploaded_file=pdf_upload("facture.pdf")
    )
    client.force_login(mine.owner)

    page = client.get("/en/my-data/")
    response = client.post("/en/my-data/")

    assert page.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == mine.owner.email
    assert [application["reference"] for application in data["applications"]] == [mine.reference]
    exported = data["applications"][0]
    assert exported["decision"]["voucher_code"] == mine.award_decision.voucher_code
    assert exported["voucher_follow_up"]["files"][0]["original_name"] == "facture.pdf"
    assert theirs.reference not in json.dumps(data)
    names = sorted(archive.namelist())
    attachment_names = sorted(
        f"{mine.reference}/attachments/{a.pk}-{a.original_name}" for a in mine.attachments.all()
    )
    assert names == sorted(
        [
            "data.json",
            *attachment_names,
            f"{mine.reference}/letters/award.pdf",
            f"{mine.reference}/voucher/{follow_up.files.get().pk}-facture.pdf",
        ]
    )
    assert "password" not in json.dumps(data["account"])
    assert AuditEntry.objects.get(action="privacy.exported").data == {
        "applications": 1,
        "files": len(names) - 1,
    }


def test_the_download_holds_what_the_person_was_told_not_the_staffs_working_fields(client):
    _call, (mine, _theirs, _third), follow_up = accepted_voucher()
    VoucherFollowUp.objects.filter(pk=follow_up.pk).update(staff_note="Appeler la PME avant le paiement.")
    AwardDecision.objects.filter(application=mine).update(justification="Meilleur projet du lot.")
    mine.owner.language = "fr"
    mine.owner.save(update_fields=["language"])
    client.force_login(mine.owner)

    with translation.override("fr"):
        url = reverse("my_data")
    data = json.loads(zipfile.ZipFile(io.BytesIO(client.post(url).content)).read("data.json"))

    exported = data["applications"][0]
    decision, follow = exported["decision"], exported["voucher_follow_up"]
    assert sorted(decision) == [
        "accept_by",
        "amount",
        "application",
        "call",
        "confirmed_at",
        "decided_at",
        "decided_by",
        "decline_reason",
        "id",
        "outcome",
        "promoted_at",
        "reserve_position",
        "responded_at",
        "response",
        "voucher_code",
        "voucher_number",
    ]
    assert decision["decided_by"] == "Wallonie Design"  # the organisation, not the staff member
    assert "staff_note" not in follow
    assert "Appeler la PME" not in json.dumps(data)
    assert "Meilleur projet" not in json.dumps(data)
    assert "sequence" not in exported
    assert {item["uploaded_by"] for item in exported["attachments"]} == {mine.owner.email}
    assert exported["call"] == mine.call.name_fr


def test_retention_anonymises_the_applications_of_old_calls_and_deletes_their_files(
    django_capture_on_commit_callbacks,
):
    call, (mine, _theirs, _third), _follow_up = accepted_voucher()
    Call.objects.filter(pk=call.pk).update(results_published_at=timezone.now() - dt.timedelta(days=365 * 11))
    stored = [attachment.file.name for attachment in mine.attachments.all()]
    storage = mine.attachments.first().file.storage
    letters = Letter.objects.filter(application__call=call).count()

    with django_capture_on_commit_callbacks(execute=True):
        first = retention_apply()
    second = retention_apply()

    assert first == {call.slug: 3}
    assert second == {}
    anonymised = Application.objects.get(pk=mine.pk)
    assert (anonymised.owner, anonymised.receipt.name) == (None, "")
    assert anonymised.anonymised_at is not None
    assert set(ApplicationParty.objects.filter(application=mine).values_list("contact_email", flat=True)) == {
        ""
    }
    assert Attachment.objects.filter(application__call=call).count() == 0
    assert Letter.objects.filter(application__call=call).count() == 0
    assert letters == 3
    assert [storage.exists(name) for name in stored] == [False] * len(stored)
    assert anonymised.title != ""  # the project stays, for the statistics
    assert AuditEntry.objects.get(action="retention.applied").data["applications"] == 3


def test_retention_leaves_calls_within_their_period_alone():
    _call, (mine, *_rest), _follow_up = accepted_voucher()

    assert retention_apply() == {}
    assert Application.objects.get(pk=mine.pk).owner == mine.owner
