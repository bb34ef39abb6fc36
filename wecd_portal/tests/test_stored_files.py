"""A file the database knows and the storage does not hold: a translated 503 page
and an ERROR line for the operator, never a 500."""

import logging

import pytest

from vouchers.tests.factories import CallFactory, complete_application
from wecd_portal.tests.factories import applicant

pytestmark = pytest.mark.django_db


def test_a_download_whose_file_is_missing_answers_a_page_not_a_500(client, caplog):
    application = complete_application(call=CallFactory(), owner=applicant(), seed=77)
    attachment = application.attachments.first()
    attachment.file.storage.delete(attachment.file.name)  # a host without the shared storage
    client.force_login(application.owner)

    with caplog.at_level(logging.ERROR, logger="wecd_portal.core.stored_files"):
        french = client.get(f"/fichiers/{attachment.public_id}/")
        english = client.get(f"/en/files/{attachment.public_id}/")

    assert french.status_code == 503
    assert "<h1>Fichier momentanément indisponible</h1>" in french.content.decode()
    assert english.status_code == 503
    assert "<h1>File unavailable for the moment</h1>" in english.content.decode()
    ours = [record for record in caplog.records if record.name == "wecd_portal.core.stored_files"]
    assert [record.getMessage().split(" (")[0] for record in ours] == [
        f"files: {attachment.file.name} cannot be read from the private storage"
    ] * 2
