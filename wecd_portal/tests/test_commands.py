import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import CommandError, call_command

from vouchers.models import Call
from wecd_portal.accounts.models import User
from wecd_portal.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_one_verified_account_per_role_and_is_idempotent(capsys):
    call_command("seed_demo")
    call_command("seed_demo")

    roles = {user.email: [group.name for group in user.groups.all()] for user in User.objects.all()}
    assert roles == {
        "staff@wecd.example": ["Staff"],
        "juror1@wecd.example": ["Juror"],
        "juror2@wecd.example": ["Juror"],
        "juror3@wecd.example": ["Juror"],
        "applicant1@wecd.example": ["Applicant"],
        "applicant2@wecd.example": ["Applicant"],
    }
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 6
    assert User.objects.get(email="staff@wecd.example").check_password("demo-staff-2014")
    assert User.objects.get(email="applicant1@wecd.example").is_staff is False
    assert Call.objects.count() == 1
    assert "staff@wecd.example         demo-staff-2014" in capsys.readouterr().out


def test_seed_demo_refuses_production_settings(settings):
    settings.SETTINGS_FLAVOUR = "production"

    with pytest.raises(CommandError, match="refuses to run under production settings"):
        call_command("seed_demo")
    assert User.objects.count() == 0


def test_send_test_email_goes_through_the_outbox(django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_test_email", "ops@example.be", "--language", "en")

    message = OutboxMessage.objects.get()
    assert (message.status, message.recipients) == ("sent", ["ops@example.be"])
    assert mail.outbox[0].subject == "[WECD] Test message from the portal"


def test_send_test_email_rejects_a_bad_address():
    with pytest.raises(CommandError, match="Not a valid email address: not-an-address"):
        call_command("send_test_email", "not-an-address")
    assert OutboxMessage.objects.count() == 0
