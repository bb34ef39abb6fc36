"""scripts/backup then scripts/restore into a fresh database and an empty folder:
every receipt and letter comes back with its SHA-256 (``verify_stored_files``)."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from vouchers.awards.models import Letter
from vouchers.intake.models import Application
from vouchers.tests.pipeline import released

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parents[2]


def _admin_connection():
    admin = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    admin.autocommit = True
    return admin


@pytest.fixture
def scratch_database():
    name = f"{connection.settings_dict['NAME']}_restore"
    admin = _admin_connection()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def portal_env(*, database, media_root, tmp_path):
    """What an operator sets: the database, the private files, the settings."""
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "DJANGO_MEDIA_ROOT": str(media_root),
        "DJANGO_SETTINGS_MODULE": "wecd_portal.settings.local",
        "DJANGO_VAR_DIR": str(tmp_path / "var"),
        "PYTHON": sys.executable,
    }


def run(script, *args, database, media_root, tmp_path):
    return subprocess.run(
        [str(BASE_DIR / "scripts" / script), *map(str, args)],
        cwd=BASE_DIR,
        env=portal_env(database=database, media_root=media_root, tmp_path=tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_backup_restored_into_a_fresh_database_gives_back_every_receipt_and_letter(
    tmp_path, scratch_database
):
    _call, applications = released(count=3, vouchers=1)
    letter = Letter.objects.filter(application__in=applications).first()
    media_root = Path(letter.file.storage.location)
    recorded = {
        **{
            f"receipt {a.pk}": (a.receipt.name, a.receipt_sha256)
            for a in Application.objects.exclude(receipt="")
        },
        **{f"letter {item.pk}": (item.file.name, item.sha256) for item in Letter.objects.all()},
    }
    assert len([key for key in recorded if key.startswith("letter")]) == 3

    backup = run(
        "backup",
        tmp_path / "backups",
        database=connection.settings_dict["NAME"],
        media_root=media_root,
        tmp_path=tmp_path,
    )
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip())
    assert sorted(path.name for path in folder.iterdir()) == [
        "SHA256SUMS",
        "database.dump",
        "private-files.tar.gz",
    ]

    restored_root = tmp_path / "restored-private"
    restore = run("restore", folder, database=scratch_database, media_root=restored_root, tmp_path=tmp_path)

    assert restore.returncode == 0, restore.stderr
    assert restore.stdout.strip().endswith("problem(s).")
    assert ", 0 problem(s)." in restore.stdout
    restored = psycopg2.connect(host="127.0.0.1", user="postgres", dbname=scratch_database)
    with restored, restored.cursor() as cursor:
        cursor.execute("SELECT file, sha256 FROM vouchers_letter ORDER BY id")
        letters = cursor.fetchall()
    restored.close()
    assert sorted(letters) == sorted(value for key, value in recorded.items() if key.startswith("letter"))
    for name, sha256 in recorded.values():
        assert hashlib.sha256((restored_root / name).read_bytes()).hexdigest() == sha256


def test_a_file_lost_between_backup_and_restore_is_reported(tmp_path, scratch_database):
    _call, applications = released(count=3, vouchers=1)
    letter = Letter.objects.filter(application__in=applications).first()
    media_root = Path(letter.file.storage.location)
    backup = run(
        "backup",
        tmp_path / "backups",
        database=connection.settings_dict["NAME"],
        media_root=media_root,
        tmp_path=tmp_path,
    )
    folder = Path(backup.stdout.strip())
    restored_root = tmp_path / "restored-private"
    restore = run("restore", folder, database=scratch_database, media_root=restored_root, tmp_path=tmp_path)
    assert restore.returncode == 0, restore.stderr
    (restored_root / letter.file.name).unlink()

    check = subprocess.run(
        [sys.executable, "manage.py", "verify_stored_files"],
        cwd=BASE_DIR,
        env=portal_env(database=scratch_database, media_root=restored_root, tmp_path=tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )

    assert check.returncode == 1
    assert f"missing: vouchers.Letter {letter.pk} {letter.file.name}" in check.stderr
