"""Oversized bodies are refused before Django reads them: nothing spooled to disk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from vouchers.tests.factories import CallFactory, complete_application
from wecd_portal.tests.factories import applicant

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


@pytest.fixture
def spool(settings, tmp_path):
    """Where Django would write a parsed upload larger than 2 MB."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return tmp_path


def test_an_anonymous_300_mb_multipart_post_is_refused_unread(client, spool):
    # The declared length alone decides: the test sends 10 bytes and says 300 MB, so a
    # server that read the body would wait for the rest (and the test would hang).
    response = client.generic(
        "POST",
        "/accounts/login/",
        data=b"--B\r\n0123",
        content_type="multipart/form-data; boundary=B",
        CONTENT_LENGTH=str(300 * MB),
    )

    assert response.status_code == 413
    assert not response.has_header("Connection")  # hop-by-hop: wsgiref answers 500 to it
    html = response.content.decode()
    # Nobody uploads before signing in: the page says so rather than talk of a file.
    assert "<h1>Envoi refusé</h1>" in html
    assert "trop volumineux pour un formulaire qui ne reçoit pas de fichier" in html
    assert list(spool.iterdir()) == []


def test_an_anonymous_multipart_post_bigger_than_a_form_is_refused(client, spool):
    upload = SimpleUploadedFile("cv.pdf", b"%PDF-1.7\n" + b"0" * (3 * MB), content_type="application/pdf")

    response = client.post("/accounts/signup/", {"email": "a@example.be", "file": upload})

    assert response.status_code == 400
    assert list(spool.iterdir()) == []


def test_a_signed_in_upload_over_the_limit_is_refused_in_english_too(client, spool):
    draft = complete_application(call=CallFactory(), owner=applicant())
    client.force_login(draft.owner)
    upload = SimpleUploadedFile("offre.pdf", b"%PDF-1.7\n" + b"0" * (12 * MB), content_type="application/pdf")
    url = reverse("application_attachments", kwargs={"public_id": draft.public_id}).replace("/", "/en/", 1)

    response = client.post(url, {"kind": "quotation", "file": upload})

    assert response.status_code == 413
    assert "<h1>File too large</h1>" in response.content.decode()
    assert "may not exceed 10.0\xa0MB" in response.content.decode()
    assert list(spool.iterdir()) == []


def test_an_upload_under_the_limit_reaches_its_form(client):
    user = applicant()
    draft = complete_application(call=CallFactory(), owner=user)
    client.force_login(user)
    upload = SimpleUploadedFile("offre.pdf", b"not a pdf at all", content_type="application/pdf")
    with translation.override("fr"):
        url = reverse("application_attachments", kwargs={"public_id": draft.public_id})

    response = client.post(url, {"kind": "quotation", "file": upload})

    html = response.content.decode()
    assert response.status_code == 400  # the form's own answer, with its error at the field
    assert (
        '<div id="id_file_error" class="invalid-feedback"> <p id="error_1_id_file"><strong>'
        "« offre.pdf » n’est pas un fichier PDF (d’après son contenu, et non d’après son nom).</strong>"
    ) in " ".join(html.split())


def test_a_signed_in_upload_over_the_limit_is_refused_in_french_with_the_forms_wording(client, spool):
    draft = complete_application(call=CallFactory(), owner=applicant())
    client.force_login(draft.owner)
    upload = SimpleUploadedFile("offre.pdf", b"%PDF-1.7\n" + b"0" * (12 * MB), content_type="application/pdf")
    with translation.override("fr"):
        url = reverse("application_attachments", kwargs={"public_id": draft.public_id})

    response = client.post(url, {"kind": "quotation", "file": upload}, HTTP_REFERER=f"http://testserver{url}")

    html = response.content.decode()
    assert response.status_code == 413
    assert "<h1>Fichier trop volumineux</h1>" in html
    assert "ne peut pas dépasser 10,0\xa0Mio" in html  # as the upload forms write it
    assert f'<a href="http://testserver{url}">Retour au formulaire</a>' in html
    assert list(spool.iterdir()) == []
