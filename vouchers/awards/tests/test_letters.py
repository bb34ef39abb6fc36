"""Decision letters: content read back from the PDF, escaping, exactly one per kind."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from pypdf import PdfReader

from vouchers.awards.models import AwardDecision, Letter
from vouchers.awards.services import letters
from vouchers.awards.services.letters import letter_render
from vouchers.awards.tasks import letter_render_task
from vouchers.follow_up.services.acceptance import award_respond
from vouchers.tests.pipeline import decided, decision_of, released
from wecd_portal.core.models import AuditEntry
from wecd_portal.core.templatetags.portal import format_long_date
from wecd_portal.notifications.models import OutboxMessage
from wecd_portal.notifications.tasks import outbox_dispatch_pending
from wecd_portal.tests.factories import applicant, juror, staff_member

pytestmark = pytest.mark.django_db


def text_of(letter):
    with letter.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")


@pytest.mark.parametrize(
    ("language", "amount", "phrase"),
    [("fr", "6 000 €", "aide de minimis"), ("en", "€6,000", "de minimis aid")],
)
def test_award_letter_holds_code_amount_and_statement_in_the_applicants_language(language, amount, phrase):
    _call, (winner, _reserve) = decided(language=language)

    letter = letter_render(application=winner)

    text = text_of(letter)
    assert letter.kind == "award" and letter.language == language
    assert "WECD-V-2014-01" in text
    assert amount in text.replace("\u202f", " ").replace("\xa0", " ")
    assert phrase in text
    assert "1407/2013" in text


def test_reserve_letter_gives_the_position_and_the_evaluation_summary():
    _call, (_winner, reserve) = decided(language="en")

    text = text_of(letter_render(application=reserve))

    assert "number 1 on the reserve list" in text
    assert "Final score: 70/100" in text
    assert "Pour le candidat : duo" in text


def test_markup_in_a_project_title_prints_as_text():
    _call, (winner, _reserve) = decided(title="<script>alert(1)</script> <b>Coffret</b>", language="en")

    text = text_of(letter_render(application=winner))

    assert "“<script>alert(1)</script> <b>Coffret</" in text  # PDF text extraction breaks lines at "</ b>"


def test_rendering_twice_or_through_a_retried_task_leaves_one_letter():
    _call, (winner, _reserve) = decided()

    letter_render(application=winner)
    letter_render_task.delay(application_id=winner.pk)
    letter_render_task.delay(application_id=winner.pk)

    letter = Letter.objects.get(application=winner)
    assert (Letter.objects.count(), letter.renderings) == (1, 1)
    assert AuditEntry.objects.filter(action="letter.rendered").count() == 1


def test_a_retry_the_next_day_or_with_other_fonts_renders_nothing_and_keeps_the_decision_date(monkeypatch):
    _call, (winner, _reserve) = decided(language="en")
    confirmed_on = timezone.localdate(decision_of(winner).confirmed_at)
    first = letter_render(application=winner)
    stored = (first.file.name, first.sha256)
    next_week = timezone.now() + dt.timedelta(days=7)
    monkeypatch.setattr(timezone, "now", lambda: next_week)

    def other_fonts(html):
        raise AssertionError("a letter whose content has not changed is not laid out again")

    monkeypatch.setattr(letters, "html_to_pdf", other_fonts)
    again = letter_render(application=winner)

    assert (again.pk, again.renderings, (again.file.name, again.sha256)) == (first.pk, 1, stored)
    with translation.override("en"):
        assert format_long_date(confirmed_on) in " ".join(text_of(again).split())
    assert AuditEntry.objects.filter(action="letter.rerendered").count() == 0


def test_the_letter_bears_the_date_its_decision_was_confirmed_not_the_day_it_is_rendered():
    _call, (winner, _reserve) = decided(language="fr")
    confirmed_at = timezone.now() - dt.timedelta(days=12)
    AwardDecision.objects.filter(application=winner).update(confirmed_at=confirmed_at)

    text = " ".join(text_of(letter_render(application=winner)).split())

    with translation.override("fr"):
        assert f"Liège, {format_long_date(timezone.localdate(confirmed_at))}" in text
        assert format_long_date(timezone.localdate()) not in text


def test_a_corrected_decision_replaces_the_letter_and_is_audited():
    _call, (winner, _reserve) = decided(language="en")
    first = letter_render(application=winner)
    old_name = first.file.name
    winner.owner.language = "fr"
    winner.owner.save()

    second = letter_render(application=winner)

    assert (second.pk, second.language, second.renderings) == (first.pk, "fr", 2)
    assert second.file.name != old_name
    assert AuditEntry.objects.filter(action="letter.rerendered").count() == 1


def test_no_letter_without_a_confirmed_decision():
    _call, (winner, _reserve) = decided()
    AwardDecision.objects.filter(application=winner).update(
        confirmed=False, voucher_number=None, voucher_code=None, amount=None
    )

    with pytest.raises(ValidationError) as error:
        letter_render(application=winner)
    assert error.value.code == "no_decision"


def test_staff_render_and_preview_letters_others_cannot(client, django_capture_on_commit_callbacks):
    _call, (winner, _reserve) = decided(language="en")
    client.force_login(staff_member())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/admin/vouchers/awarddecision/",
            {
                "action": "render_letters",
                "_selected_action": list(AwardDecision.objects.values_list("pk", flat=True)),
            },
        )
    letter = Letter.objects.get(application=winner)

    response = client.get(f"/en/letters/{letter.pk}/")
    assert Letter.objects.count() == 2
    assert response["Content-Disposition"] == f'attachment; filename="{winner.reference}-award-letter.pdf"'
    for user in (winner.owner, applicant(), juror()):
        client.force_login(user)
        assert client.get(f"/en/letters/{letter.pk}/").status_code == 404


class WorkerKilled(BaseException):
    """Stands for the worker dying mid-task: not an Exception, so nothing catches it."""


def test_a_letter_task_killed_mid_way_then_retried_leaves_one_letter_and_one_email(
    django_capture_on_commit_callbacks, monkeypatch, settings
):

    settings.OUTBOX_SWEEP_GRACE = 0
    _call, (winner, first_reserve, _second) = released()
    mail.outbox.clear()
    real_save, kills = Letter.save, []

    def dying_save(self, *args, **kwargs):
        if self.application_id == first_reserve.pk and self.kind == "award" and not kills:
            kills.append(self.file.name)
            raise WorkerKilled
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Letter, "save", dying_save)
    with pytest.raises(WorkerKilled), django_capture_on_commit_callbacks(execute=True):
        award_respond(
            decision=decision_of(winner), actor=winner.owner, accept=False, reason="Plus de budget."
        )
    letter_render_task.delay(application_id=first_reserve.pk)  # the redelivered task
    letter_render_task.delay(application_id=first_reserve.pk)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_dispatch_pending()
        outbox_dispatch_pending()

    award = Letter.objects.get(application=first_reserve, kind="award")
    assert len(kills) == 1
    assert not award.file.storage.exists(kills[0])  # the killed attempt left no file
    assert (Letter.objects.filter(application=first_reserve).count(), award.renderings) == (2, 1)
    assert OutboxMessage.objects.filter(template="voucher_offered").count() == 1
    offers = [m.subject for m in mail.outbox if m.subject.startswith("A creativity voucher is offered")]
    assert offers == [f"A creativity voucher is offered to {first_reserve.reference}"]
