import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from clusters.models import AwarenessAction, Organisation
from clusters.selectors import dashboard as clusters_dashboard
from vouchers.common.validators import validate_enterprise_number, validate_walloon_postal_code
from vouchers.follow_up.selectors import voucher_dashboard
from vouchers.models import (
    Application,
    ApplicationParty,
    Assignment,
    Attachment,
    AwardDecision,
    Call,
    ConflictDeclaration,
    EligibilityResult,
    Review,
    VoucherFollowUp,
)
from wecd_portal.accounts.models import User
from wecd_portal.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_one_verified_account_per_role_is_idempotent_and_staff_sign_in(client, capsys):
    """One seeding (run twice) serves every check of the demo: seeding costs about 60 PDFs."""
    call_command("seed_demo")
    call_command("seed_demo")

    roles = {
        user.email: [group.name for group in user.groups.all()]
        for user in User.objects.exclude(email__startswith="duo")
    }
    assert roles == {
        "staff@wecd.example": ["Staff"],
        "liaison@wecd.example": ["ClusterLiaison"],
        "juror1@wecd.example": ["Juror"],
        "juror2@wecd.example": ["Juror"],
        "juror3@wecd.example": ["Juror"],
        "applicant1@wecd.example": ["Applicant"],
        "applicant2@wecd.example": ["Applicant"],
    }
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 7
    pilot = Application.objects.filter(call__slug="creativity-vouchers-2014")
    pilot_call = Call.objects.get(slug="creativity-vouchers-2014")
    statuses = ("submitted", "more_info", "eligible", "ineligible", "withdrawn", "draft")
    assert {status: pilot.filter(status=status).count() for status in statuses} == {
        "submitted": 11,
        "more_info": 2,
        "eligible": 8,
        "ineligible": 3,
        "withdrawn": 3,
        "draft": 3,
    }
    assert pilot.filter(status="more_info", info_due_date__lt=timezone.localdate()).count() == 1
    assert Assignment.objects.filter(application__call__slug="creativity-vouchers-2014").count() == 23
    assert ConflictDeclaration.objects.filter(has_conflict=True, application__call=pilot_call).count() == 1
    pilot_reviews = Review.objects.filter(application__call__slug="creativity-vouchers-2014")
    assert set(pilot_reviews.values_list("status", flat=True)) == {"draft", "submitted"}
    assert pilot_reviews.filter(status="submitted").count() == 11
    unresolved = EligibilityResult.objects.filter(
        application__status="submitted", verdict="", outcome="review"
    )
    assert unresolved.count() == 11
    assert sorted(pilot.exclude(reference=None).values_list("reference", flat=True))[:2] == [
        "WECD-2014-001",
        "WECD-2014-002",
    ]
    assert Attachment.objects.filter(application__call__slug="creativity-vouchers-2014").count() == 60
    for party in ApplicationParty.objects.all():
        validate_enterprise_number(party.enterprise_number)
        validate_walloon_postal_code(party.site_postal_code)
    assert User.objects.get(email="staff@wecd.example").check_password("demo-staff-2014")
    assert User.objects.get(email="applicant1@wecd.example").is_staff is False
    assert sorted(Call.objects.values_list("slug", flat=True)) == [
        "creativity-vouchers-2014",
        "demo-open-call",
        "demo-released-call",
    ]
    released = AwardDecision.objects.filter(call__slug="demo-released-call")
    assert set(released.values_list("outcome", flat=True)) == {"awarded", "reserve", "not_selected"}
    assert set(released.exclude(response="").values_list("response", flat=True)) == {
        "accepted",
        "declined",
        "pending",
    }
    assert Call.objects.get(slug="demo-released-call").state == "results_published"
    stages = VoucherFollowUp.objects.filter(decision__call__slug="demo-released-call")
    assert sorted(stages.values_list("stage", flat=True)) == sorted(
        ["closed", "in_progress", "submitted", "returned", "verified", "paid", "cancelled"]
    )
    assert len(voucher_dashboard(Call.objects.get(slug="demo-released-call")).late) == 2
    assert AwarenessAction.objects.count() == 15
    assert sorted({action.starts_at.year for action in AwarenessAction.objects.all()}) == [2014, 2015]
    assert Organisation.objects.filter(kind="pole").count() == 6
    clusters_figures = clusters_dashboard()
    assert [(key, count) for key, _label, count in clusters_figures.funnel] == [
        ("identified", 10),
        ("introduced", 9),
        ("in_discussion", 7),
        ("contracted", 6),
        ("dropped", 1),
        ("applications", 4),
        ("awards", 0),
    ]
    assert clusters_figures.applications == 10
    assert Call.objects.get(slug="demo-open-call").state == "open"
    assert "staff@wecd.example         demo-staff-2014" in capsys.readouterr().out

    # The staff member signs in with the password and the two-factor code printed.
    call_command("demo_totp_code")
    code = capsys.readouterr().out.split()[0]
    first = client.post("/en/accounts/login/", {"login": "staff@wecd.example", "password": "demo-staff-2014"})
    second = client.post(first["Location"], {"code": code})
    assert first["Location"] == "/en/accounts/2fa/authenticate/"
    assert second.status_code == 302
    assert client.get("/en/admin/").status_code == 200


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
