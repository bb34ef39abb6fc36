"""A person's own data, in one ZIP: everything the portal holds about their account
and their applications (GDPR art. 15 and 20), and the retention of closed calls."""

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from vouchers.awards.models import Letter
from vouchers.follow_up.models import FinalReport, FollowUpFile, PaymentClaim
from vouchers.intake.models import Application, ApplicationParty, Call
from wecd_portal.audit import audit_record

# Never exported: secrets and internal bookkeeping.
SKIPPED_FIELDS = {"password", "last_sequence", "sequence"}
# Wallonie Design's working fields, not data about the person: the proposal before
# confirmation and the justification of a change to it, the rank in the frozen
# ranking (the letter gives the outcome and the reserve position), the "confirmed"
# flag and the staff's internal note. What the person is told of a decision (the
# outcome, the reasons, the reserve position, the voucher, the amounts, the answer)
# is exported; the deliberation is asked for under the access to administrative
# documents, not through this download (README, "Personal data").
STAFF_SIDE_FIELDS = {"proposed_outcome", "justification", "rank", "confirmed", "staff_note"}
# Who in the organisation did something is the staff member's personal data, not
# the applicant's: a link to another account is exported as the organisation.
ORGANISATION = "Wallonie Design"


def _record(instance, person):
    """The concrete fields of a row as JSON-ready values (files by their name), without
    the staff-side fields; a link to an account is the person's e-mail when it is
    them, the organisation's name otherwise."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS or field.name in STAFF_SIDE_FIELDS:
            continue
        value = field.value_from_object(instance)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        elif field.is_relation and field.related_model is type(person):
            if value is None:
                continue
            value = person.email if value == person.pk else ORGANISATION
        data[field.name] = value
    return data


def _application_record(application):
    released = application.call.results_published_at is not None
    person = application.owner
    decision = getattr(application, "award_decision", None)  # the reverse one-to-one may be absent
    follow_up = getattr(decision, "follow_up", None) if decision is not None else None
    record = {
        **_record(application, person),
        "call": application.call.name_fr if person.language == "fr" else application.call.name_en,
        "parties": [
            {
                **_record(party, person),
                "holdings": [_record(holding, person) for holding in party.holdings.all()],
            }
            for party in application.parties.all()
        ],
        "indicators": [_record(item, person) for item in application.indicators.all()],
        "workplan": [_record(item, person) for item in application.tasks.all()],
        "de_minimis_aids": [_record(item, person) for item in application.de_minimis_aids.all()],
        "attachments": [_record(item, person) for item in application.attachments.all()],
        # Decisions become the applicant's to see once released.
        "decision": _record(decision, person) if decision is not None and released else None,
    }
    if follow_up is not None:
        record["voucher_follow_up"] = {
            **_record(follow_up, person),
            "report": _record(follow_up.report, person),
            "indicator_results": [_record(item, person) for item in follow_up.report.results.all()],
            "claim": _record(follow_up.claim, person),
            "files": [_record(item, person) for item in follow_up.files.all()],
        }
    return record


def _files_of(application, *, unreleased_letters=False):
    """(path in the ZIP, stored file) of everything the applicant uploaded or received;
    letters only once the results are released, unless ``unreleased_letters``."""
    folder = application.reference or str(application.public_id)
    if application.receipt:
        yield f"{folder}/receipt.pdf", application.receipt
    for attachment in application.attachments.all():
        yield f"{folder}/attachments/{attachment.pk}-{attachment.original_name}", attachment.file
    if unreleased_letters or application.call.results_published_at is not None:
        for letter in Letter.objects.filter(application=application):
            yield f"{folder}/letters/{letter.kind}.pdf", letter.file
    for item in FollowUpFile.objects.filter(follow_up__decision__application=application):
        yield f"{folder}/voucher/{item.pk}-{item.original_name}", item.file


def personal_data_export(*, user):
    """The user's data as ZIP bytes: ``data.json`` and every file.

    Side effects: audit ``privacy.exported`` (what was exported, not its content).
    """
    applications = (
        Application.objects.filter(owner=user)
        .select_related("call")
        .prefetch_related("parties__holdings", "indicators", "tasks", "de_minimis_aids", "attachments")
        .order_by("created_at")
    )
    data = {
        "exported_at": timezone.now(),
        "account": {
            name: getattr(user, name)
            for name in ("email", "first_name", "last_name", "language", "date_joined", "last_login")
        },
        "applications": [_application_record(application) for application in applications],
    }
    buffer = io.BytesIO()
    files = 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
        for application in applications:
            for path, stored in _files_of(application):
                if stored and stored.storage.exists(stored.name):
                    with stored.open("rb") as handle:
                        archive.writestr(path, handle.read())
                    files += 1
    audit_record(
        actor=user,
        action="privacy.exported",
        target=user,
        data={"applications": len(data["applications"]), "files": files},
    )
    return buffer.getvalue()


def retention_ends(call):
    """When the call's applications are anonymised."""
    start = call.results_published_at or call.closes_at
    try:
        return start.replace(year=start.year + call.retention_years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + call.retention_years, day=28)


PARTY_PERSONAL_FIELDS = ("contact_name", "contact_role", "contact_email", "contact_phone")


def retention_apply(*, now=None):
    """Anonymise the applications of calls whose retention period has ended, and
    delete their files.

    The period (the call's ``retention_years``) runs from the release of the
    results, or from the closing when there was none. What stays: the companies,
    the projects and the amounts, which public-funding statistics need; what goes:
    contacts' names, emails and phones, the link to the applicant's account, every
    file (attachments, receipts, letters, voucher documents), and the follow-up's
    testimonies and bank account. Side effects: audit ``retention.applied`` per
    call with the counts. Idempotent: anonymised applications are skipped.
    """

    now = now or timezone.now()
    applied = {}
    for call in Call.objects.all():
        if retention_ends(call) > now:
            continue
        pending = Application.objects.filter(call=call, anonymised_at__isnull=True)
        count, files = 0, 0
        for application in pending:
            with transaction.atomic():
                files += _delete_files(application)
                ApplicationParty.objects.filter(application=application).update(
                    **dict.fromkeys(PARTY_PERSONAL_FIELDS, ""), references=""
                )
                FinalReport.objects.filter(follow_up__decision__application=application).update(
                    sme_testimony="", provider_testimony=""
                )
                PaymentClaim.objects.filter(follow_up__decision__application=application).update(
                    payee_name="", payee_iban=""
                )
                Application.objects.filter(pk=application.pk).update(
                    owner=None, anonymised_at=now, withdrawal_reason="", heard_via_detail=""
                )
                count += 1
        if count:
            audit_record(
                actor=None,
                action="retention.applied",
                target=call,
                data={"applications": count, "files": files},
            )
            applied[call.slug] = count
    return applied


def _delete_files(application):
    stored = [field_file for _path, field_file in _files_of(application, unreleased_letters=True)]
    for field_file in stored:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    application.attachments.all().delete()
    Letter.objects.filter(application=application).delete()
    FollowUpFile.objects.filter(follow_up__decision__application=application).delete()
    Application.objects.filter(pk=application.pk).update(receipt="", receipt_sha256="")
    return len(stored)
