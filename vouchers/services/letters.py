"""The decision letters (PDF), rendered once per application and kind."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from vouchers.enums import ApplicationStatus, PartyRole
from vouchers.models import Application, AwardDecision, Criterion, Letter
from wecd_portal.audit import audit_record
from wecd_portal.documents import render_pdf

KIND_BY_OUTCOME = {
    AwardDecision.Outcome.AWARDED: Letter.Kind.AWARD,
    AwardDecision.Outcome.RESERVE: Letter.Kind.RESERVE,
    AwardDecision.Outcome.NOT_SELECTED: Letter.Kind.REJECTION,
}


def letter_kind_for(application):
    if application.status == ApplicationStatus.INELIGIBLE:
        return Letter.Kind.INELIGIBLE
    decision = AwardDecision.objects.filter(application=application, confirmed=True).first()
    if decision is None:
        raise ValidationError(_("No confirmed decision yet: no letter to write."), code="no_decision")
    return KIND_BY_OUTCOME[decision.outcome]


def de_minimis_regulation(call):
    """The regulation in force when the call opened (DOMAIN.md)."""
    return "(EU) No 1407/2013" if call.opens_at.year < 2024 else "(EU) 2023/2831"


def letter_context(application, kind):
    parties = {party.role: party for party in application.parties.all()}
    sme = parties.get(PartyRole.SME)
    decision = AwardDecision.objects.filter(application=application).first()
    consensus = getattr(application, "consensus", None)  # none recorded: DoesNotExist is an AttributeError
    criteria = list(Criterion.objects.filter(call=application.call))
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
    return {
        "application": application,
        "call": application.call,
        "decision": decision,
        "consensus": consensus,
        "summary": summary,
        "reasons": application.reasons_in(translation.get_language())
        if kind == Letter.Kind.INELIGIBLE
        else [],
        "regulation": de_minimis_regulation(application.call),
        "subject": subjects[kind],
        "reference": decision.voucher_code if decision and decision.voucher_code else application.reference,
        "letter_date": timezone.localdate(),
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

    Side effects: one Letter row per application and kind (a unique constraint); the
    PDF in the private storage. Idempotent: the same content is not stored twice, so
    a retried task changes nothing; a corrected decision replaces the file (the old
    one is deleted after commit); audit ``letter.rendered`` or ``letter.rerendered``.
    """
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("call", "owner")
            .get(pk=application.pk)
        )
        kind = letter_kind_for(locked)
        language = locked.owner.language
        with translation.override(language):
            pdf = render_pdf(f"pdf/letter_{kind}.html", letter_context(locked, kind))
        digest = hashlib.sha256(_stable(pdf)).hexdigest()
        letter = Letter.objects.filter(application=locked, kind=kind).first()
        if letter is not None and letter.sha256 == digest and letter.language == language:
            return letter
        old_name = letter.file.name if letter else None
        storage = letter.file.storage if letter else None
        letter = letter or Letter(application=locked, kind=kind)
        letter.language, letter.sha256 = language, digest
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


def _stable(pdf):
    """PDF bytes without the creation date WeasyPrint writes, to compare contents."""
    import re

    return re.sub(rb"/CreationDate \([^)]*\)|/ModDate \([^)]*\)|/ID \[[^\]]*\]", b"", pdf)
