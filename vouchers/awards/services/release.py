"""Releasing the results of a call: one message per application, with its letter."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from vouchers.awards.enums import AwardState
from vouchers.awards.models import AwardDecision, Letter
from vouchers.awards.services.letters import KIND_BY_OUTCOME, letter_filename, letters_blocked
from vouchers.awards.services.state import award_decision_move
from vouchers.common.correspondence import letter_contact_email, redress_deadline_text
from vouchers.intake.enums import ApplicationStatus, PartyRole
from vouchers.intake.models import Application, Call
from vouchers.jury.models import RankingSnapshot
from wecd_portal.audit import audit_record
from wecd_portal.notifications.rendering import render_email
from wecd_portal.notifications.services import Attachment, outbox_queue

DECIDED = (ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE)


def release_problems(call):
    """Everything that stands between ``call`` and its release, one ValidationError
    each (empty: the release may go on): the freeze, unconfirmed decisions, letters that
    cannot be written (no consensus, no reserve position, no signatory, no redress
    date) and letters not rendered yet."""
    if not RankingSnapshot.objects.filter(call=call).exists():
        return [ValidationError(_("Freeze the ranking first."), code="not_frozen")]
    problems = []
    eligible = Application.objects.filter(call=call, status=ApplicationStatus.ELIGIBLE)
    unconfirmed = eligible.exclude(award_decision__confirmed=True).values_list("reference", flat=True)
    if unconfirmed:
        problems.append(
            ValidationError(
                _("Confirm every award decision first (missing: %(refs)s)."),
                code="unconfirmed",
                params={"refs": ", ".join(sorted(unconfirmed))},
            )
        )
    blocked = letters_blocked(call)
    problems += [
        ValidationError(
            _("%(reference)s: no letter can be written: %(reason)s"),
            code="letter_blocked",
            params={"reference": reference, "reason": reason},
        )
        for reference, reason in blocked
    ]
    blocked_refs = {reference for reference, _reason in blocked}
    missing = [
        application.reference
        for application in _decided(call)
        if application.reference not in blocked_refs and _letter_of(application) is None
    ]
    if missing and not unconfirmed:
        problems.append(
            ValidationError(
                _("Render the letters first (missing: %(refs)s)."),
                code="letters_missing",
                params={"refs": ", ".join(missing)},
            )
        )
    return problems


def _decided(call):
    return (
        Application.objects.filter(call=call, status__in=DECIDED)
        .select_related("owner", "award_decision")
        .prefetch_related("parties", "letters")
        .order_by("reference")
    )


def _letter_of(application):
    """The application's decision letter, or None (no confirmed decision, or not rendered)."""
    if application.status == ApplicationStatus.INELIGIBLE:
        kind = Letter.Kind.INELIGIBLE
    else:
        decision = getattr(application, "award_decision", None)  # none: the accessor raises AttributeError
        if decision is None or not decision.confirmed:
            return None
        kind = KIND_BY_OUTCOME[decision.outcome]
    return next((letter for letter in application.letters.all() if letter.kind == kind), None)


def release_messages(call):
    """What the release will send, per application: (application, letter, recipients,
    language, context). Raises, with every problem, while ``release_problems`` lists any."""
    problems = release_problems(call)
    if problems:
        raise ValidationError(problems, code="not_ready")
    items = []
    for application in _decided(call):
        letter = _letter_of(application)
        contacts = [party.contact_email for party in application.parties.all() if party.contact_email]
        recipients = list(dict.fromkeys(address.lower() for address in [application.owner.email, *contacts]))
        language = application.owner.language
        with translation.override(language):
            path = reverse("application_detail", args=[application.public_id])
            call_name = call.name
            redress = redress_deadline_text(application)
        context = {
            "kind": letter.kind,
            "reference": application.reference,
            "title": application.title,
            "call_name": call_name,
            "url": settings.WECD_SITE_URL.rstrip("/") + path,
            "contact_email": letter_contact_email(call),
            "redress_deadline": redress,
        }
        items.append((application, letter, recipients, language, context))
    return items


def release_preview(call):
    """Each message as it will be sent, for staff to read before the release."""
    return [
        {
            "application": application,
            "letter": letter,
            "recipients": recipients,
            "email": render_email(template="results", language=language, context=context),
        }
        for application, letter, recipients, language, context in release_messages(call)
    ]


def results_release(*, call, actor):
    """Release the results: publish them and queue one message per decided application.

    Side effects: locks the call; one outbox message per application (dedupe key
    ``results:<call>:<application>``), with its letter attached, to the owner and
    both contacts without duplicates; each award offered with its answer deadline
    through the single writer (audit ``awards.offered``); sets the call's
    results_published_at, which nothing else writes (the public results page then
    lists the awards); audit ``results.released``. Refuses a second release.
    """
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        if locked.results_published_at is not None:
            raise ValidationError(
                _("The results of this call are already released."), code="already_released"
            )
        items = release_messages(locked)
        for application, letter, recipients, language, context in items:
            with letter.file.open("rb") as handle:
                pdf = handle.read()
            outbox_queue(
                template="results",
                recipients=recipients,
                language=language,
                context=context,
                attachments=[Attachment(letter_filename(letter), pdf, "application/pdf")],
                dedupe_key=f"results:{locked.pk}:{application.pk}",
            )
        accept_by = timezone.localdate() + dt.timedelta(days=locked.acceptance_days)
        for decision in AwardDecision.objects.filter(
            call=locked, outcome=AwardDecision.Outcome.AWARDED, confirmed=True, response=""
        ).order_by("rank"):
            award_decision_move(
                decision=decision,
                to_state=AwardState.OFFERED,
                actor=actor,
                action="offered",
                data={"voucher": decision.voucher_code, "accept_by": accept_by.isoformat()},
                accept_by=accept_by,
            )
        locked.results_published_at = timezone.now()
        locked.save(update_fields=["results_published_at", "updated_at"])
        audit_record(actor=actor, action="results.released", target=locked, data={"messages": len(items)})
    return len(items)


def published_awards():
    """The awarded projects of the released calls, for the public results page."""
    now = timezone.now()
    decisions = (
        AwardDecision.objects.filter(
            outcome=AwardDecision.Outcome.AWARDED, confirmed=True, call__results_published_at__lte=now
        )
        # A voucher declined, not answered or given back is no longer the project's.
        .exclude(response__in=[AwardDecision.Response.DECLINED, AwardDecision.Response.EXPIRED])
        .select_related("application", "call")
        .prefetch_related("application__parties")
        .order_by("-call__opens_at", "voucher_number")
    )
    rows = []
    for decision in decisions:
        parties = {party.role: party for party in decision.application.parties.all()}
        rows.append(
            {
                "call": decision.call,
                "sme": parties[PartyRole.SME].name if PartyRole.SME in parties else "",
                "creative": parties[PartyRole.CREATIVE].name if PartyRole.CREATIVE in parties else "",
                "title": decision.application.title,
                "amount": decision.amount,
                "voucher_code": decision.voucher_code,
            }
        )
    return rows
