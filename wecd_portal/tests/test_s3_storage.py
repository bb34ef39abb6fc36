"""Private files on S3-compatible storage (django-storages), against a real S3 HTTP
endpoint of the test's own (moto's server, in a thread): uploads and letters land in
the bucket, not on disk; downloads still pass the permission check; a file missing
from the bucket gives the translated 503 page; the backup archive goes both ways,
so a host's folder moves into a bucket with every SHA-256 intact."""

import hashlib
import io
import os
import tarfile
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from vouchers.awards.models import Letter
from vouchers.intake.models import Attachment
from vouchers.tests.factories import CallFactory, complete_application, pdf_bytes
from vouchers.tests.pipeline import released
from wecd_portal.core.management.commands.verify_stored_files import fingerprinted_file_fields
from wecd_portal.settings.base import s3_private_storage
from wecd_portal.tests.factories import applicant

pytestmark = [pytest.mark.django_db, pytest.mark.clamav]

REGION = "eu-west-3"


def s3_port():
    """A port of this pytest-xdist process's own (gw0: 9710, gw1: 9711…)."""
    return 9710 + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)


@pytest.fixture(scope="module")
def s3_endpoint():
    import logging  # noqa: PLC0415

    from moto.server import ThreadedMotoServer  # noqa: PLC0415  (a test tool: requirements-dev.txt)

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per S3 request otherwise

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port(), verbose=False)
    server.start()
    yield f"http://127.0.0.1:{s3_port()}"
    server.stop()


@pytest.fixture
def s3_client(s3_endpoint, monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "wecd-test",
        "AWS_SECRET_ACCESS_KEY": "wecd-test-secret",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    return boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION)


def new_bucket(client, name):
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return name


def use_bucket(settings, endpoint, bucket):
    """The production settings' S3 storage, as WECD_PRIVATE_STORAGE=s3 builds it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_private_storage(
            bucket=bucket, endpoint_url=endpoint, region=REGION, prefix="private", addressing_style="path"
        ),
    }


def bucket_keys(client, bucket):
    listing = client.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


@pytest.fixture
def bucket(request, settings, s3_endpoint, s3_client):
    name = new_bucket(s3_client, f"wecd-{request.node.name[:30].replace('_', '-').lower()}")
    use_bucket(settings, s3_endpoint, name)
    return name


def test_an_upload_goes_to_the_bucket_and_comes_back_only_through_the_permission_check(
    client, bucket, s3_client, settings
):
    owner = applicant()
    draft = complete_application(call=CallFactory(), owner=owner)
    client.force_login(owner)
    content = pdf_bytes()
    with translation.override("fr"):
        url = reverse("application_attachments", kwargs={"public_id": draft.public_id})

    response = client.post(url, {"kind": "quotation", "file": SimpleUploadedFile("offre.pdf", content)})

    assert response.status_code == 302
    attachments = list(Attachment.objects.filter(application=draft).order_by("pk"))
    attachment = attachments[-1]
    assert attachment.original_name == "offre.pdf"
    assert bucket_keys(s3_client, bucket) == sorted(f"private/{item.file.name}" for item in attachments)
    assert not (Path(settings.MEDIA_ROOT) / attachment.file.name).exists()
    with translation.override("fr"):
        download = reverse("attachment_download", kwargs={"attachment_id": attachment.public_id})
    served = client.get(download)
    assert served.status_code == 200
    assert hashlib.sha256(b"".join(served.streaming_content)).hexdigest() == attachment.sha256
    client.force_login(applicant())
    assert client.get(download).status_code == 404
    public = s3_client.get_object_acl(Bucket=bucket, Key=f"private/{attachment.file.name}")["Grants"]
    assert [grant["Grantee"].get("URI") for grant in public] == [None]  # the owner alone


def test_a_letter_missing_from_the_bucket_gives_the_file_unavailable_page(client, bucket, s3_client):
    _call, applications = released(count=1, vouchers=1)
    letter = Letter.objects.get(application=applications[0])
    s3_client.delete_object(Bucket=bucket, Key=f"private/{letter.file.name}")
    client.force_login(letter.application.owner)
    with translation.override("fr"):
        url = reverse("letter_download", kwargs={"letter_id": letter.pk})

    response = client.get(url)

    assert response.status_code == 503
    assert "<h1>Fichier momentanément indisponible</h1>" in response.content.decode()


def recorded_files():
    """(name, sha256) of every file the database records, as verify_stored_files reads them."""
    return sorted(
        (getattr(row, file_name).name, getattr(row, digest_name))
        for model, file_name, digest_name in fingerprinted_file_fields()
        for row in model.objects.exclude(**{file_name: ""})
    )


def restore_into_new_bucket(settings, endpoint, client, archive, name):
    """restore_stored_files into a new empty bucket, then verify_stored_files' report."""
    use_bucket(settings, endpoint, new_bucket(client, name))
    call_command("restore_stored_files", str(archive), stdout=io.StringIO())
    output = io.StringIO()
    call_command("verify_stored_files", stdout=output)
    return output.getvalue()


def test_a_folders_backup_restores_into_a_bucket_with_every_sha256(
    tmp_path, settings, s3_endpoint, s3_client
):
    released(count=3, vouchers=1)
    folder = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    recorded = recorded_files()
    archive = tmp_path / "private-files.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:  # as scripts/backup's tar writes it
        for name, _sha256 in recorded:
            tar.add(folder / name, arcname=f"./{name}")
    report = restore_into_new_bucket(settings, s3_endpoint, s3_client, archive, "wecd-restored")

    assert report == f"{len(recorded)} stored files checked, 0 problem(s).\n"
    assert bucket_keys(s3_client, "wecd-restored") == sorted(f"private/{name}" for name, _sha256 in recorded)
    assert len([name for name, _sha256 in recorded if name.startswith("letters/")]) == 3


def test_a_buckets_archive_restores_into_an_empty_bucket_and_never_into_a_full_one(
    tmp_path, bucket, settings, s3_endpoint, s3_client
):
    released(count=2, vouchers=1)
    archive = tmp_path / "private-files.tar.gz"
    call_command("archive_stored_files", str(archive), stdout=io.StringIO())
    stored = bucket_keys(s3_client, bucket)
    with tarfile.open(archive) as tar:
        assert sorted(f"private/{name.removeprefix('./')}" for name in tar.getnames()) == stored

    with pytest.raises(CommandError, match="The private storage is not empty"):
        call_command("restore_stored_files", str(archive), stdout=io.StringIO())

    report = restore_into_new_bucket(settings, s3_endpoint, s3_client, archive, "wecd-second")
    assert report == f"{len(recorded_files())} stored files checked, 0 problem(s).\n"
    assert bucket_keys(s3_client, "wecd-second") == stored  # the outbox's copies of letters too


def test_the_health_check_reaches_the_bucket_and_names_a_missing_one(client, bucket, settings, s3_endpoint):
    settings.WECD_HEALTH_TOKEN = "probe-" + "s" * 40
    settings.PRIVATE_STORAGE_KIND = "s3"
    probe = {"HTTP_AUTHORIZATION": f"Bearer {settings.WECD_HEALTH_TOKEN}"}

    reachable = client.get("/healthz", **probe).json()["checks"]["storage"]
    use_bucket(settings, s3_endpoint, "wecd-no-such-bucket")
    missing = client.get("/healthz", **probe)

    assert reachable == {"status": "ok", "kind": "s3"}
    assert missing.status_code == 200
    assert missing.json()["checks"]["storage"] == {"status": "error", "kind": "s3"}
