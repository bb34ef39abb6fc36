import csv
import io

import pytest
from openpyxl import load_workbook

from vouchers.intake.admin import ApplicationResource
from vouchers.intake.services.submission import application_submit
from vouchers.tests.factories import CallFactory, complete_application
from wecd_portal.tests.factories import applicant, juror, staff_member

pytestmark = pytest.mark.django_db
LIST = "/en/admin/vouchers/application/"
EXPORT_FIELDS = ApplicationResource.Meta.fields


@pytest.fixture
def call():
    return CallFactory(slug="call-2027")


def submitted(call, seed, **kwargs):
    application = complete_application(call=call, owner=applicant(), seed=seed, **kwargs)
    application_submit(application=application, actor=application.owner)
    application.refresh_from_db()
    return application


def export(client, query, file_format):
    data = {"format": file_format, "resource": "0"}
    data.update({f"applicationresource_{name}": "on" for name in EXPORT_FIELDS})
    return client.post(f"{LIST}export/?{query}", data)


def test_staff_filter_and_search_applications(client, call):
    liege = submitted(call, 1, sme_postal_code="4000")
    namur = submitted(call, 2, sme_postal_code="5000")
    complete_application(call=call, owner=applicant(), seed=3)  # a draft
    client.force_login(staff_member())

    def references(query):
        response = client.get(f"{LIST}?{query}")
        return sorted(application.reference for application in response.context["cl"].result_list)

    assert references("status__exact=submitted") == [liege.reference, namur.reference]
    assert references("sme_province=namur") == [namur.reference]
    assert references("status__exact=submitted&creative_domain=product_design&sme_category=small") == [
        liege.reference,
        namur.reference,
    ]
    assert references(f"q={liege.reference}") == [liege.reference]
    assert references("q=BE+0000.000.196") == [liege.reference]  # SME enterprise number, as typed


def test_export_of_the_filtered_list_as_csv(client, call):
    liege = submitted(call, 1, sme_postal_code="4000")
    submitted(call, 2, sme_postal_code="5000")
    client.force_login(staff_member())

    response = export(client, "sme_province=liege", "0")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["reference"], row["SME enterprise number"], row["SME province"]) for row in rows] == [
        (liege.reference, "0000.000.196", "liege")
    ]
    assert rows[0]["SME"] == "Menuiserie Lambert 1"
    assert rows[0]["creative provider"] == "Studio Forme 8000001"


def test_export_as_xlsx(client, call):
    first = submitted(call, 1)
    second = submitted(call, 2)
    client.force_login(staff_member())

    response = export(client, "status__exact=submitted", "1")

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "reference"
    assert sorted(row[0] for row in values[1:]) == [first.reference, second.reference]


def test_staff_read_answers_but_cannot_change_or_delete_them(client, call):
    application = submitted(call, 1)
    client.force_login(staff_member())
    url = f"{LIST}{application.pk}/change/"

    html = client.get(url).content.decode()
    response = client.post(url, {"title": "Changed by staff"})

    assert "Menuiserie Lambert 1" in html
    assert f"/en/files/{application.attachments.first().public_id}/" in html
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.title != "Changed by staff"
    assert client.post(f"{LIST}{application.pk}/delete/").status_code == 403


@pytest.mark.parametrize("make_user", [applicant, juror])
def test_applicants_and_jurors_cannot_open_the_application_admin(client, call, make_user):
    submitted(call, 1)
    client.force_login(make_user())

    for url in (LIST, f"{LIST}export/", "/en/admin/vouchers/company/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/en/admin/login/")


def test_company_registry_lists_submitted_partners(client, call):
    submitted(call, 1)
    client.force_login(staff_member())

    response = client.get("/en/admin/vouchers/company/?q=0000.000.196")

    assert [company.name for company in response.context["cl"].result_list] == ["Menuiserie Lambert 1"]


@pytest.mark.parametrize("count", [1, 3])
def test_application_list_query_count_is_constant(client, call, django_assert_num_queries, count):
    for seed in range(count):
        submitted(call, seed + 1)
    client.force_login(staff_member())

    with django_assert_num_queries(12):
        response = client.get(LIST)

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_company_list_query_count_is_constant(client, call, django_assert_num_queries, count):
    for seed in range(count):
        submitted(call, seed + 1)
    client.force_login(staff_member())

    with django_assert_num_queries(9):
        response = client.get("/en/admin/vouchers/company/")

    assert len(response.context["cl"].result_list) == count * 2


def test_export_neutralises_formulas_typed_by_applicants(client, call):
    application = submitted(call, 1, title='=HYPERLINK("http://evil.example","x")')
    client.force_login(staff_member())

    response = export(client, "", "0")

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["reference"] == application.reference
    assert not rows[0]["project title"].startswith("=")


def test_staff_open_the_receipt_from_the_admin(client, call):
    application = submitted(call, 1)
    client.force_login(staff_member())

    html = client.get(f"{LIST}{application.pk}/change/").content.decode()
    response = client.get(f"/en/applications/{application.public_id}/receipt/")

    assert f"/en/applications/{application.public_id}/receipt/" in html
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{application.reference}.pdf"'
