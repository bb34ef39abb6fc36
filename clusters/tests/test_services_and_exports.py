"""The lead pipeline, action files, contacts' retention, and the exports."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from clusters.models import ActionFile, Contact, LeadStatusChange
from clusters.services import action_file_add, contacts_purge_expired, lead_move
from clusters.tests.fixtures import world
from wecd_portal.core.models import AuditEntry
from wecd_portal.tests.factories import cluster_liaison, staff_member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_a_lead_keeps_its_history_and_its_furthest_stage():
    w = world()
    lead = w.leads["l3"]

    lead.refresh_from_db()
    history = list(LeadStatusChange.objects.filter(lead=lead).values_list("from_status", "to_status"))

    assert (lead.status, lead.furthest_rank) == ("dropped", 1)
    assert history == [("", "identified"), ("identified", "introduced"), ("introduced", "dropped")]
    assert AuditEntry.objects.filter(action="clusters.lead_moved", target_id=str(lead.pk)).count() == 2


def test_a_lead_refuses_a_move_backwards_and_a_voucher_application_without_the_application():
    w = world()
    staff = staff_member()

    with pytest.raises(ValidationError) as backwards:
        lead_move(lead=w.leads["l4"], to_status="introduced", actor=staff)
    with pytest.raises(ValidationError) as unlinked:
        lead_move(lead=w.leads["l1"], to_status="voucher_application", actor=staff)

    assert backwards.value.messages == ["A lead “Contracted” cannot move to “Introduced”."]
    assert unlinked.value.messages == ["Link the voucher application the lead led to."]


def test_action_files_follow_the_upload_rules():
    w = world()
    html = SimpleUploadedFile(
        "slides.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )

    with pytest.raises(ValidationError) as error:
        action_file_add(action=w.actions["a1"], actor=staff_member(), kind="slides", uploaded_file=html)

    assert error.value.messages == [
        "“slides.pdf” is not a PDF / PNG / JPEG file (judged by its content, not its name)."
    ]
    assert ActionFile.objects.count() == 0


def test_expired_contacts_are_deleted_and_the_purge_is_audited():
    w = world()
    today = dt.date(2016, 1, 1)
    Contact.objects.create(organisation=w.pole, name="Old", keep_until=dt.date(2015, 12, 31))
    Contact.objects.create(organisation=w.pole, name="Kept", keep_until=today)

    assert contacts_purge_expired(today=today) == 1
    assert contacts_purge_expired(today=today) == 0
    assert list(Contact.objects.values_list("name", flat=True)) == ["Kept"]
    assert AuditEntry.objects.get(action="clusters.contacts_purged").data == {"count": 1}


def test_the_actions_csv_export_holds_what_the_filters_select(client):
    w = world()
    client.force_login(cluster_liaison())

    response = client.get(f"/en/clusters/actions/?organisation={w.cluster.pk}&status=held&export=csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert rows[0][:4] == ["Date", "Kind", "Title", "Status"]
    assert [row[2] for row in rows[1:]] == ["Matchmaking A3", "Workshop A2"]
    assert rows[1][5] == "Cluster Test"


def test_the_leads_xlsx_export_holds_what_the_filters_select(client):
    world()
    client.force_login(staff_member())

    response = client.get("/en/clusters/leads/?status=contracted&export=xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Identified on"
    assert [row[2] for row in values[1:]] == ["Acier SA"]


def test_needs_export_neutralises_formulas(client):
    w = world()
    w.pole.need_assessments.first().items.update(description='==HYPERLINK("https://evil.example")')
    client.force_login(staff_member())

    response = client.get(f"/en/clusters/needs/?organisation={w.pole.pk}&export=csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert sorted(row[4] for row in rows[1:]) == ['\'==HYPERLINK("https://evil.example")'] * 2


def test_an_unknown_export_format_is_not_found(client):
    world()
    client.force_login(staff_member())

    assert client.get("/en/clusters/leads/?export=pdf").status_code == 404


def test_a_bad_filter_date_shows_an_error_and_keeps_the_other_filters(client):
    w = world()
    client.force_login(staff_member())

    response = client.get(f"/en/clusters/actions/?date_from=31/02/2014&organisation={w.pole.pk}")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid date." in body
    assert "Session A1" in body
    assert "Matchmaking A3" not in body
