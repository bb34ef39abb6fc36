"""The applicant's side of a voucher's follow-up: the final report, the payment claim,
their files, and sending them to Wallonie Design."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vouchers.common.uploads import (
    JPEG,
    PDF,
    PNG,
    inspect_upload,
    store_inspected,
    validate_application_quota,
)
from vouchers.common.validators import normalize_iban
from vouchers.follow_up.enums import VOUCHER_EDITABLE_STAGES, FollowUpFileKind, VoucherStage
from vouchers.follow_up.models import FollowUpFile, IndicatorResult, VoucherFollowUp
from vouchers.follow_up.services.stage import follow_up_email_queue, follow_up_stage_set
from wecd_portal.audit import audit_record

# The content types each kind of follow-up file accepts (judged by content).
FOLLOW_UP_FILE_TYPES = {
    FollowUpFileKind.INVOICE: (PDF,),
    FollowUpFileKind.SHARE_PROOF: (PDF, PNG, JPEG),
    FollowUpFileKind.PHOTO: (PNG, JPEG),
}

# One invoice and one proof of the SME's share: a new upload replaces the old one.
SINGLE_FILE_KINDS = (FollowUpFileKind.INVOICE, FollowUpFileKind.SHARE_PROOF)


def _lock_editable(follow_up, actor):
    """The follow-up, locked, once checked that ``actor`` owns it and may still edit it."""
    locked = (
        VoucherFollowUp.objects.select_for_update()
        .select_related("decision__application", "decision__call")
        .get(pk=follow_up.pk)
    )
    if locked.decision.application.owner_id != actor.pk:
        raise ValidationError(_("Only the applicant can change the report and the claim."), code="not_owner")
    if locked.stage not in VOUCHER_EDITABLE_STAGES:
        raise ValidationError(
            _("The report and the claim have been sent: they can no longer be changed."), code="not_editable"
        )
    return locked


def final_report_save(*, follow_up, actor, achievements, sme_testimony, provider_testimony, results):
    """Save the final report as a draft; ``results`` maps indicator ids to (value, comment).

    Side effects: updates the FinalReport and its IndicatorResult rows. Indicators
    not belonging to the application are ignored.
    """
    with transaction.atomic():
        locked = _lock_editable(follow_up, actor)
        report = locked.report
        report.achievements = achievements.strip()
        report.sme_testimony = sme_testimony.strip()
        report.provider_testimony = provider_testimony.strip()
        report.save()
        own = set(locked.decision.application.indicators.values_list("pk", flat=True))
        for indicator_id, (achieved, comment) in results.items():
            if indicator_id in own:
                IndicatorResult.objects.update_or_create(
                    report=report,
                    indicator_id=indicator_id,
                    defaults={"achieved": achieved.strip(), "comment": comment.strip()},
                )
    return report


def payment_claim_save(*, follow_up, actor, **fields):
    """Save the payment claim as a draft. The IBAN, when given, must be valid and is
    stored compact. Side effects: updates the PaymentClaim."""
    if "payee_iban" in fields:
        iban = (fields["payee_iban"] or "").strip()
        fields["payee_iban"] = normalize_iban(iban) if iban else ""
    with transaction.atomic():
        locked = _lock_editable(follow_up, actor)
        claim = locked.claim
        for name, value in fields.items():
            setattr(claim, name, value.strip() if isinstance(value, str) else value)
        claim.save()
    return claim


def follow_up_file_add(*, follow_up, actor, kind, uploaded_file, caption=""):
    """Check an upload by content and size, then store it privately.

    Side effects: writes the file and a FollowUpFile row; a new invoice or proof of
    share replaces the previous one (deleted after commit); audit
    ``voucher.file_added``. Refuses more than WECD_MAX_REPORT_PHOTOS photos and more
    than the per-application size quota in all.
    """
    if kind not in FollowUpFileKind.values:
        raise ValidationError(_("Choose what the file is."), code="kind_required")
    inspected = inspect_upload(uploaded_file, allowed=FOLLOW_UP_FILE_TYPES[kind])
    with transaction.atomic():
        locked = _lock_editable(follow_up, actor)
        replaced = list(locked.files.filter(kind=kind)) if kind in SINGLE_FILE_KINDS else []
        kept = locked.files.exclude(pk__in=[item.pk for item in replaced])
        if (
            kind == FollowUpFileKind.PHOTO
            and kept.filter(kind=kind).count() >= settings.WECD_MAX_REPORT_PHOTOS
        ):
            raise ValidationError(
                _("A report may have at most %(count)d photos; remove one before adding another."),
                code="too_many_photos",
                params={"count": settings.WECD_MAX_REPORT_PHOTOS},
            )
        validate_application_quota(
            existing_sizes=list(kept.values_list("size", flat=True)), new_size=inspected.size
        )
        item = FollowUpFile(
            follow_up=locked,
            kind=kind,
            caption=caption.strip()[:200],
            original_name=uploaded_file.name[-200:],
            uploaded_by=actor,
        )
        store_inspected(item, inspected)
        for old in replaced:
            _delete_file(old)
        audit_record(
            actor=actor,
            action="voucher.file_added",
            target=locked.decision.application,
            data={
                "kind": kind,
                "name": item.original_name,
                "sha256": inspected.sha256,
                "size": inspected.size,
            },
        )
    return item


def follow_up_file_delete(*, item, actor):
    """Remove a file while the report is editable. Side effects: deletes the row, then
    the file after commit; audit ``voucher.file_deleted``."""
    with transaction.atomic():
        locked = _lock_editable(item.follow_up, actor)
        audit_record(
            actor=actor,
            action="voucher.file_deleted",
            target=locked.decision.application,
            data={"kind": item.kind, "name": item.original_name, "sha256": item.sha256},
        )
        _delete_file(item)


def _delete_file(item):
    storage, name = item.file.storage, item.file.name
    item.delete()
    transaction.on_commit(lambda: storage.delete(name))


def follow_up_problems(follow_up):
    """What is still missing before the report and the claim can be sent, as messages."""
    return [*_report_problems(follow_up), *_claim_problems(follow_up)]


def _report_problems(follow_up):
    report = follow_up.report
    problems = []
    if not report.achievements:
        problems.append(_("Report: describe what was done."))
    if not report.sme_testimony:
        problems.append(_("Report: add the SME’s testimony."))
    if not report.provider_testimony:
        problems.append(_("Report: add the creative provider’s testimony."))
    reached = {result.indicator_id for result in report.results.all() if result.achieved}
    problems.extend(
        _("Report: give the value reached for “%(indicator)s”.") % {"indicator": indicator.indicator}
        for indicator in follow_up.decision.application.indicators.all()
        if indicator.pk not in reached
    )
    return problems


def _claim_problems(follow_up):
    claim, call = follow_up.claim, follow_up.decision.call
    problems = [
        message
        for missing, message in (
            (not claim.invoice_number, _("Claim: give the invoice number.")),
            (claim.invoice_date is None, _("Claim: give the invoice date.")),
            (claim.amount_excl_vat is None, _("Claim: give the amount excluding VAT.")),
            (claim.vat_amount is None, _("Claim: give the VAT amount (0 if none).")),
            (not claim.payee_name, _("Claim: give the account holder’s name.")),
            (not claim.payee_iban, _("Claim: give the IBAN the voucher is paid to.")),
        )
        if missing
    ]
    if claim.invoice_date and claim.invoice_date > timezone.localdate():
        problems.append(_("Claim: the invoice date cannot be in the future."))
    elif claim.invoice_date and call.execution_start_date and claim.invoice_date < call.execution_start_date:
        problems.append(_("Claim: the invoice is dated before the execution period began."))
    kinds = {item.kind for item in follow_up.files.all()}
    if FollowUpFileKind.INVOICE not in kinds:
        problems.append(_("Claim: attach the provider’s invoice (PDF)."))
    if call.cofinancing_share > 0 and FollowUpFileKind.SHARE_PROOF not in kinds:
        problems.append(_("Claim: attach the proof that the SME paid its share."))
    return problems


def follow_up_submit(*, follow_up, actor):
    """Send the final report and the payment claim to Wallonie Design.

    Side effects: stage → submitted with the time (audited, through the stage
    writer); a confirmation email to the owner. Refuses with the list of what is
    missing (ValidationError with one message per problem).
    """
    with transaction.atomic():
        locked = _lock_editable(follow_up, actor)
        problems = follow_up_problems(locked)
        if problems:
            raise ValidationError(problems, code="incomplete")
        submitted = follow_up_stage_set(
            follow_up=locked,
            to_stage=VoucherStage.SUBMITTED,
            actor=actor,
            submitted_at=timezone.now(),
            staff_note="",
        )
        follow_up_email_queue(follow_up=submitted, template="voucher_submitted")
    return submitted
