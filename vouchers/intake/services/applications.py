"""Writes to draft applications: create, save a section, withdraw."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from vouchers.common.reference.geography import locate_postal_code
from vouchers.intake.completeness import SECTIONS, sme_category_of
from vouchers.intake.enums import ApplicationStatus, CallState, PartyRole
from vouchers.intake.models import Application
from wecd_portal.audit import audit_record


def call_closed_error(call):
    return ValidationError(
        _(
            "The call closed on %(closes)s (Brussels time): your draft is kept, but it can no longer "
            "be changed or submitted."
        ),
        code="call_closed",
        params={"closes": date_format(timezone.localtime(call.closes_at), "DATETIME_FORMAT")},
    )


def ensure_editable(application, *, section=None, now=None):
    """Raise ValidationError unless ``section`` of the application may be changed now.

    A draft is editable while its call is open or not yet open; after a "more
    information" request, only the sections staff named are (until staff decide).
    """
    if application.status == ApplicationStatus.MORE_INFO:
        if section is not None and section not in application.info_sections:
            raise ValidationError(
                _("Wallonie Design asked you to complete other parts of this application, not this one."),
                code="section_not_requested",
            )
        return
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(
            _("This application is “%(status)s” and can no longer be changed."),
            code="not_draft",
            params={"status": application.get_status_display()},
        )
    if application.call.state_at(now or timezone.now()) not in (CallState.UPCOMING, CallState.OPEN):
        raise call_closed_error(application.call)


def editable_sections(application, *, now=None):
    """The section slugs the applicant may change now (empty when none)."""

    slugs = [slug for slug, _label in SECTIONS]
    if application.status == ApplicationStatus.MORE_INFO:
        return [slug for slug in slugs if slug in application.info_sections]
    try:
        ensure_editable(application, now=now)
    except ValidationError:
        return []
    return slugs


def application_create(*, call, owner):
    """Start a draft for ``owner`` in ``call`` (open or not yet open).

    Side effects: inserts the Application; audit entry ``application.created``.
    """
    if call.state not in (CallState.UPCOMING, CallState.OPEN):
        raise call_closed_error(call)
    with transaction.atomic():
        application = Application.objects.create(call=call, owner=owner)
        audit_record(actor=owner, action="application.created", target=application, data={"call": call.slug})
    return application


def _refresh_derived(application):
    """Province/region from postal codes, the SME category, the SME number copy."""
    for party in application.parties.all():
        province, region = locate_postal_code(party.postal_code)
        party.province, party.region = province or "", region or ""
        party.sme_category = sme_category_of(party) if party.role == PartyRole.SME else ""
        party.save(update_fields=["province", "region", "sme_category"])
        if party.role == PartyRole.SME and application.sme_enterprise_number != party.enterprise_number:
            application.sme_enterprise_number = party.enterprise_number
            application.save(update_fields=["sme_enterprise_number", "updated_at"])


def application_section_save(*, application, actor, section, forms=(), formsets=()):
    """Save one section of a draft from already validated forms and formsets.

    Side effects: writes the forms' instances and the formsets' rows (added, changed,
    deleted); recomputes province, region and SME category of the partners and the
    SME enterprise number copied on the application. Refuses when not editable.
    """
    with transaction.atomic():
        locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        ensure_editable(locked, section=section)
        for form in forms:
            form.save()
        for formset in formsets:
            formset.save()
        locked.save(update_fields=["updated_at"])
        _refresh_derived(locked)
    return locked
