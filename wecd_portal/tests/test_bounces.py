"""Bounces: every e-mail leaves with a return path of its own (VERP) and its stable
Message-ID; the delivery reports that come back are matched to their outbox message
through ``manage.py mail_bounce`` (a pipe from the mail server, or a Maildir), hard
bounces logged at ERROR and shown to staff on the message in the admin."""

import io
import logging
from email.header import decode_header, make_header
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import translation

from wecd_portal.notifications import bounces
from wecd_portal.notifications.models import MailBounce
from wecd_portal.notifications.services import outbox_message_send, outbox_queue
from wecd_portal.tests.factories import staff_member

pytestmark = pytest.mark.django_db

POSTFIX_REPORT = (Path(__file__).parent / "bounces" / "postfix-user-unknown.eml").read_bytes()
REPORT_UUID = "5f0e3a4c-9b2d-4e6f-8a1b-2c3d4e5f6a7b"


@pytest.fixture
def sent_receipt(settings):
    settings.WECD_BOUNCE_ADDRESS = "bounces@wallonie-design.example.be"
    settings.DEFAULT_FROM_EMAIL = "Wallonie Design <cheques@wallonie-design.example.be>"
    message = outbox_queue(
        template="outbox_test",
        recipients=["gerant@pme-herve.example.be"],
        language="fr",
        context={"requested_by": "pytest"},
    )
    type(message).objects.filter(pk=message.pk).update(uuid=REPORT_UUID)
    message.refresh_from_db()
    assert outbox_message_send(message_id=message.pk).status == "sent"
    return message


def decoded(header):
    return str(make_header(decode_header(header)))


def pipe(monkeypatch, raw):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw)))
    call_command("mail_bounce", stdout=io.StringIO())


def test_each_message_leaves_with_its_own_return_path_and_the_portals_sender(sent_receipt):
    sent = mail.outbox[0]
    headers = sent.message()

    assert sent.from_email == "bounces+5f0e3a4c9b2d4e6f8a1b2c3d4e5f6a7b@wallonie-design.example.be"
    assert decoded(headers["From"]) == "Wallonie Design <cheques@wallonie-design.example.be>"
    assert headers["Message-ID"] == f"<wecd-outbox-{REPORT_UUID}@wallonie-design.example.be>"
    assert headers["Auto-Submitted"] == "auto-generated"


def test_without_a_bounce_address_the_sender_is_the_return_path(settings):
    settings.WECD_BOUNCE_ADDRESS = ""
    message = outbox_queue(
        template="outbox_test", recipients=["a@example.be"], language="fr", context={"requested_by": "x"}
    )
    outbox_message_send(message_id=message.pk)

    assert mail.outbox[0].from_email == settings.DEFAULT_FROM_EMAIL
    assert decoded(mail.outbox[0].message()["From"]) == settings.DEFAULT_FROM_EMAIL


def test_a_hard_bounce_piped_by_the_mail_server_is_recorded_on_its_message_and_logged(
    sent_receipt, monkeypatch, caplog
):
    with caplog.at_level(logging.ERROR, logger="wecd_portal.notifications.bounces"):
        pipe(monkeypatch, POSTFIX_REPORT)

    bounce = MailBounce.objects.get()
    assert (bounce.message, bounce.recipient, bounce.action, bounce.status_code, bounce.hard) == (
        sent_receipt,
        "gerant@pme-herve.example.be",
        "failed",
        "5.1.1",
        True,
    )
    assert bounce.diagnostic == (
        "550 5.1.1 <gerant@pme-herve.example.be>: Recipient address rejected: "
        "User unknown in virtual mailbox table"
    )
    assert caplog.messages == [
        f"mail: gerant@pme-herve.example.be rejected message {sent_receipt.pk} (outbox_test, 5.1.1): "
        f"{bounce.diagnostic}"
    ]


def exchange_report(status="5.1.10", action="failed"):
    """An Exchange-style report: no VERP address, the original attached whole."""
    return (
        "From: postmaster@pme-herve.example.be\r\n"
        "To: cheques@wallonie-design.example.be\r\n"
        "Subject: =?utf-8?q?Non_remis_:_Accus=C3=A9_de_r=C3=A9ception?=\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\r\n\r\n'
        "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVotre message n'a pas pu etre remis.\r\n"
        "--b1\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns;mx.pme-herve.example.be\r\n\r\n"
        f"Final-Recipient: rfc822;gerant@pme-herve.example.be\r\nAction: {action}\r\nStatus: {status}\r\n"
        "Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound\r\n\r\n"
        "--b1\r\nContent-Type: message/rfc822\r\n\r\n"
        f"Message-ID: <wecd-outbox-{REPORT_UUID}@wallonie-design.example.be>\r\n"
        "Subject: =?utf-8?q?Accus=C3=A9_de_r=C3=A9ception?=\r\n\r\nTexte.\r\n"
        "--b1--\r\n"
    ).encode()


def test_a_report_without_the_return_path_is_matched_by_the_original_message_id(sent_receipt, monkeypatch):
    pipe(monkeypatch, exchange_report())

    bounce = MailBounce.objects.get()
    assert (bounce.message, bounce.status_code, bounce.hard) == (sent_receipt, "5.1.10", True)


def test_a_delay_is_recorded_as_soft_without_an_error(sent_receipt, monkeypatch, caplog):
    with caplog.at_level(logging.ERROR, logger="wecd_portal.notifications.bounces"):
        pipe(monkeypatch, exchange_report(status="4.4.7", action="delayed"))

    assert MailBounce.objects.get().hard is False
    assert caplog.messages == []


def test_an_auto_reply_is_kept_for_staff_to_read_and_is_not_a_bounce(monkeypatch):
    reply = EmailMessage()
    reply["Subject"] = "Absence du bureau jusqu'au 7 décembre"
    reply.set_content("Je suis absent.")

    pipe(monkeypatch, reply.as_bytes())

    bounce = MailBounce.objects.get()
    assert (bounce.message, bounce.action, bounce.hard) == (None, "unknown", False)
    assert bounce.diagnostic == "Absence du bureau jusqu'au 7 décembre"


def test_a_maildir_is_read_and_emptied_and_kept_while_the_database_is_down(
    sent_receipt, tmp_path, monkeypatch
):
    for folder in ("new", "cur", "tmp"):
        (tmp_path / folder).mkdir()
    (tmp_path / "new" / "1764753151.M1.mx").write_bytes(POSTFIX_REPORT)

    def database_down(*, raw):
        raise OperationalError("connection refused")

    monkeypatch.setattr(
        "wecd_portal.notifications.management.commands.mail_bounce.bounce_record", database_down
    )
    with pytest.raises(SystemExit) as exit_status:
        call_command("mail_bounce", "--maildir", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    assert exit_status.value.code == 75  # EX_TEMPFAIL: the message stays for the next run
    assert [path.name for path in (tmp_path / "new").iterdir()] == ["1764753151.M1.mx"]

    monkeypatch.undo()
    output = io.StringIO()
    call_command("mail_bounce", "--maildir", str(tmp_path), stdout=output)

    assert output.getvalue() == "1 bounce message(s) recorded, 1 hard bounce(s).\n"
    assert list((tmp_path / "new").iterdir()) == []
    assert MailBounce.objects.get().message == sent_receipt


def test_staff_see_the_bounce_on_the_message_in_french(client, sent_receipt, monkeypatch):
    pipe(monkeypatch, POSTFIX_REPORT)
    client.force_login(staff_member())

    with translation.override("fr"):
        change_url = reverse("admin:notifications_outboxmessage_change", args=[sent_receipt.pk])
        listing = client.get(reverse("admin:notifications_outboxmessage_changelist") + "?bounced=hard")
        bounces_page = client.get(reverse("admin:notifications_mailbounce_changelist"))
    page = client.get(change_url)

    html = " ".join(page.content.decode().split())
    assert listing.status_code == 200
    assert f'href="{change_url}?_changelist_filters=bounced%3Dhard"' in listing.content.decode()
    assert "Non distribués (adresse refusée)" in listing.content.decode()
    assert "Adresse refusée" in html
    assert "gerant@pme-herve.example.be" in html
    assert "5.1.1" in html
    assert bounces_page.status_code == 200
    assert "Par action signalée" in bounces_page.content.decode()
    assert ">Non distribué</a>" in bounces_page.content.decode()  # the action in words, not its code


def test_parsing_never_fails_on_garbage():
    assert bounces.parse_bounce(b"\xff\xfe not an e-mail at all") == [
        bounces.BounceReport(None, recipient="", action="unknown", status="", diagnostic="")
    ]
