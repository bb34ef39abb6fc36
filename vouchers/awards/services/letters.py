"""The decision letters (PDF), rendered once per application and kind.

A letter is a decision a director signs: it names its signatory and sender, and it
is refused (``letter_problems``) rather than printed with a missing fact — a
rejection or reserve letter without the jury's consensus, a reserve letter without
its position, a letter without the date until which the decision may be contested.
"""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from vouchers.awards.models import AwardDecision, Letter
from vouchers.common.correspondence import letter_contact_email, redress_deadline_text
from vouchers.intake.enums import ApplicationStatus, PartyRole
from vouchers.intake.models import BRUSSELS, Application
from vouchers.jury.models import Criterion
from wecd_portal.audit import audit_record
from wecd_portal.documents import html_to_pdf, render_letter_html

logger = logging.getLogger(__name__)

KIND_BY_OUTCOME = {
    AwardDecision.Outcome.AWARDED: Letter.Kind.AWARD,
    AwardDecision.Outcome.RESERVE: Letter.Kind.RESERVE,
    AwardDecision.Outcome.NOT_SELECTED: Letter.Kind.REJECTION,
}

# Letters that tell the applicant until when the decision may be contested.
CONTESTABLE_KINDS = (Letter.Kind.REJECTION, Letter.Kind.RESERVE, Letter.Kind.INELIGIBLE)
# Letters that print the jury's final score and comments.
EVALUATED_KINDS = (Letter.Kind.REJECTION, Letter.Kind.RESERVE)

# The de minimis regulations as the Official Journal titles them in each language
# (EUR-Lex). Quoted verbatim, so kept as data rather than as translations.
DE_MINIMIS_REGULATIONS = {
    "1407/2013": {
        "fr": (
            "règlement (UE) n° 1407/2013 de la Commission du 18 décembre 2013 relatif à "
            "l’application des articles 107 et 108 du traité sur le fonctionnement de l’Union "
            "européenne aux aides de minimis (JO L 352 du 24.12.2013, p. 1)"
        ),
        "en": (
            "Commission Regulation (EU) No 1407/2013 of 18 December 2013 on the application of "
            "Articles 107 and 108 of the Treaty on the Functioning of the European Union to de "
            "minimis aid (OJ L 352, 24.12.2013, p. 1)"
        ),
    },
    "2023/2831": {
        "fr": (
            "règlement (UE) 2023/2831 de la Commission du 13 décembre 2023 relatif à "
            "l’application des articles 107 et 108 du traité sur le fonctionnement de l’Union "
            "européenne aux aides de minimis (JO L, 2023/2831, 15.12.2023)"
        ),
        "en": (
            "Commission Regulation (EU) 2023/2831 of 13 December 2023 on the application of "
            "Articles 107 and 108 of the Treaty on the Functioning of the European Union to de "
            "minimis aid (OJ L, 2023/2831, 15.12.2023)"
        ),
    },
}


def letter_kind_for(application):
    if application.status == ApplicationStatus.INELIGIBLE:
        return Letter.Kind.INELIGIBLE
    decision = AwardDecision.objects.filter(application=application, confirmed=True).first()
    if decision is None:
        raise ValidationError(_("No confirmed decision yet: no letter to write."), code="no_decision")
    return KIND_BY_OUTCOME[decision.outcome]


def de_minimis_regulation_number(call):
    """The regulation in force when the call opened (DOMAIN.md): 2023/2831 from 2024."""
    return "1407/2013" if call.opens_at.astimezone(BRUSSELS).year < 2024 else "2023/2831"


def de_minimis_regulation(call, language=None):
    """The full citation of the call's de minimis regulation, with its Official
    Journal reference, in ``language`` (by default the active one; French otherwise)."""
    citations = DE_MINIMIS_REGULATIONS[de_minimis_regulation_number(call)]
    language = (language or translation.get_language() or "fr")[:2]
    return citations.get(language, citations["fr"])


def letter_filename(letter):
    """The name a letter is downloaded and attached under, in its own language:
    ``WECD-2014-007-courrier-d-octroi.pdf``, ``WECD-2014-007-award-letter.pdf``."""

    with translation.override(letter.language):
        kind = letter.get_kind_display().replace("’", " ").replace("'", " ")  # d’octroi → d-octroi
        return f"{letter.application.reference}-{slugify(kind)}.pdf"


def _related(application, name):
    # A reverse one-to-one that does not exist raises an AttributeError subclass.
    return getattr(application, name, None)


def _decision_of(application):
    decision = _related(application, "award_decision")
    return decision if decision is not None and decision.confirmed else None


def letter_problems(application, kind):
    """Why the ``kind`` letter of ``application`` cannot be written: a list of
    ValidationError, empty when it can. Reads only."""
    call = application.call
    reference = application.reference
    problems = []
    if not call.signatory_name.strip():
        problems.append(
            ValidationError(
                _("The call “%(call)s” names no signatory for its letters (section “Letters” of the call)."),
                code="no_signatory",
                params={"call": call.name},
            )
        )
    if not call.sender_lines:
        problems.append(
            ValidationError(
                _(
                    "The call “%(call)s” has no sender’s address for its letters (section “Letters” of the call)."
                ),
                code="no_sender_address",
                params={"call": call.name},
            )
        )
    if kind in EVALUATED_KINDS and _related(application, "consensus") is None:
        problems.append(
            ValidationError(
                _(
                    "No consensus is recorded for %(reference)s: record the jury’s final score and comments first."
                ),
                code="no_consensus",
                params={"reference": reference},
            )
        )
    if kind == Letter.Kind.RESERVE:
        decision = _decision_of(application)
        if decision is None or decision.reserve_position is None:
            problems.append(
                ValidationError(
                    _("%(reference)s is on the reserve list without a position."),
                    code="no_reserve_position",
                    params={"reference": reference},
                )
            )
    if kind in CONTESTABLE_KINDS and application.redress_deadline is None:
        problems.append(
            ValidationError(
                _("%(reference)s has no date until which the decision may be contested."),
                code="no_redress_deadline",
                params={"reference": reference},
            )
        )
    if kind == Letter.Kind.INELIGIBLE and not application.reasons_in("fr"):
        problems.append(
            ValidationError(
                _("No reason is recorded for the ineligibility of %(reference)s."),
                code="no_reasons",
                params={"reference": reference},
            )
        )
    return problems


def letters_blocked(call):
    """For the release preview: ``(reference, reason)`` of each decided application of
    ``call`` whose letter cannot be written, in reference order, the reasons in the
    active language. Reads only."""
    applications = (
        Application.objects.filter(
            call=call, status__in=(ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE)
        )
        .select_related("call", "award_decision", "consensus")
        .order_by("reference")
    )
    blocked = []
    for application in applications:
        if application.status == ApplicationStatus.INELIGIBLE:
            kind = Letter.Kind.INELIGIBLE
        else:
            decision = _decision_of(application)
            if decision is None:
                continue  # not decided yet: the release refuses on its own terms
            kind = KIND_BY_OUTCOME[decision.outcome]
        problems = letter_problems(application, kind)
        if problems:
            reason = " ".join(message for problem in problems for message in problem.messages)
            blocked.append((application.reference, reason))
    return blocked


def letter_date(application, kind, decision):
    """The date a letter bears: the date of the decision it reports (the
    eligibility verdict, the promotion of a reserve, the confirmation of the
    outcome), so that rendering it again another day prints the same letter."""
    if kind == Letter.Kind.INELIGIBLE:
        moment = application.eligibility_decided_at
    elif decision is not None:
        moment = decision.promoted_at or decision.confirmed_at
    else:
        moment = None
    return timezone.localdate(moment) if moment else timezone.localdate()


def letter_context(application, kind):
    """What the ``kind`` letter prints; evaluated in the letter's language."""
    call = application.call
    parties = {party.role: party for party in application.parties.all()}
    sme = parties.get(PartyRole.SME)
    decision = AwardDecision.objects.filter(application=application).first()
    consensus = _related(application, "consensus")
    criteria = list(Criterion.objects.filter(call=call))
    summary = [
        {"label": criterion.label, "comment": consensus.comments.get(criterion.code, "") if consensus else ""}
        for criterion in criteria
    ]
    subjects = {
        Letter.Kind.AWARD: _("Your creativity voucher"),
        Letter.Kind.RESERVE: _("Your application is on the reserve list"),
        Letter.Kind.REJECTION: _("Your application was not selected"),
        Letter.Kind.INELIGIBLE: _("Your application is not eligible"),
    }
    path = reverse("application_detail", args=[application.public_id])
    return {
        "application": application,
        "call": call,
        "decision": decision,
        "consensus": consensus,
        "threshold_reached": bool(consensus and consensus.final_score >= call.pass_threshold),
        "summary": summary,
        "reasons": application.reasons_in(translation.get_language() or "fr")
        if kind == Letter.Kind.INELIGIBLE
        else [],
        "regulation": de_minimis_regulation(call),
        # 2023/2831 counts a rolling three years from the grant, 1407/2013 fiscal years.
        "de_minimis_rolling": de_minimis_regulation_number(call) == "2023/2831",
        "redress_deadline": redress_deadline_text(application),
        "contact_email": letter_contact_email(call),
        "application_url": settings.WECD_SITE_URL.rstrip("/") + path,
        "subject": subjects[kind],
        "reference": decision.voucher_code if decision and decision.voucher_code else application.reference,
        "letter_date": letter_date(application, kind, decision),
        "recipient_lines": [
            line
            for line in (sme.name, sme.street, f"{sme.postal_code} {sme.municipality}")
            if sme and line.strip()
        ]
        if sme
        else [],
    }


def letter_render(*, application, actor=None):
    """Render (or re-render) the application's decision letter in the owner's language.

    Refuses (ValidationError) a letter that cannot be written: no signatory or sender
    address on the call, no consensus for a rejection or reserve letter, a reserve
    without its position, no redress deadline (``letter_problems``).
    Side effects: one Letter row per application and kind (a unique constraint); the
    PDF in the private storage. Idempotent on the decision: a letter whose content
    (the HTML it is laid out from, dated the decision's day) has not changed is not
    rendered again, whatever the day, the fonts or WeasyPrint's version, so a retried
    task changes nothing; a corrected decision replaces the file (the old one is
    deleted after commit); audit ``letter.rendered`` or ``letter.rerendered``.
    """
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("call", "owner")
            .get(pk=application.pk)
        )
        kind = letter_kind_for(locked)
        problems = letter_problems(locked, kind)
        if problems:
            raise problems[0]
        language = locked.owner.language
        with translation.override(language):
            html = render_letter_html(f"pdf/letter_{kind}.html", letter_context(locked, kind))
        content_digest = hashlib.sha256(html.encode()).hexdigest()
        letter = Letter.objects.filter(application=locked, kind=kind).first()
        if letter is not None and letter.content_sha256 == content_digest and letter.language == language:
            return letter  # the same decision, already written: not laid out again
        pdf = html_to_pdf(html)
        digest = hashlib.sha256(pdf).hexdigest()
        old_name = letter.file.name if letter else None
        storage = letter.file.storage if letter else None
        letter = letter or Letter(application=locked, kind=kind)
        letter.language, letter.sha256, letter.content_sha256 = language, digest, content_digest
        letter.renderings = (letter.renderings + 1) if letter.pk else 1
        letter.file.save(f"{kind}.pdf", ContentFile(pdf), save=False)
        try:
            letter.save()
        except BaseException:
            # The row is rolled back: do not leave its new file behind.
            letter.file.storage.delete(letter.file.name)
            raise
        if old_name:
            transaction.on_commit(lambda: storage.delete(old_name))
        audit_record(
            actor=actor,
            action="letter.rerendered" if old_name else "letter.rendered",
            target=locked,
            data={"kind": kind, "language": language, "sha256": digest},
        )
    return letter
