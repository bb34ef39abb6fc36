"""Writes for the jury: conflicts of interest and the assignment of jurors."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from vouchers.enums import ApplicationStatus
from vouchers.jury.planner import plan_assignments
from vouchers.models import (
    Application,
    ApplicationParty,
    Assignment,
    CompanyConflict,
    ConflictDeclaration,
    JuryMember,
    RankingSnapshot,
)
from vouchers.validators import normalize_enterprise_number
from wecd_portal.audit import audit_record
from wecd_portal.notifications.services import outbox_queue


def conflicted_pairs(*, call):
    """(application id, juror id) pairs a juror may not review: company links or a declaration."""
    pairs = set(
        ConflictDeclaration.objects.filter(application__call=call, has_conflict=True).values_list(
            "application_id", "juror_id"
        )
    )
    jurors = JuryMember.objects.filter(call=call).values_list("user_id", flat=True)
    links = CompanyConflict.objects.filter(juror_id__in=jurors).values_list("juror_id", "enterprise_number")
    by_number = {}
    for juror_id, number in links:
        by_number.setdefault(number, set()).add(juror_id)
    if by_number:
        parties = ApplicationParty.objects.filter(
            application__call=call, enterprise_number__in=by_number
        ).values_list("application_id", "enterprise_number")
        for application_id, number in parties:
            pairs |= {(application_id, juror_id) for juror_id in by_number[number]}
    return pairs


def assignment_run(*, call, actor=None, seed=0):
    """Give every eligible application of ``call`` its jurors (call.jurors_per_application).

    Side effects: inserts Assignment rows (existing and manual ones are kept, no
    conflicted juror is ever chosen, loads are balanced; the same seed gives the
    same plan); audit entry ``jury.assigned``; queues one email per juror who got
    new applications, with the due date. Returns the plan.
    """
    from vouchers.services.ranking import ensure_not_frozen

    ensure_not_frozen(call)
    with transaction.atomic():
        applications = list(
            Application.objects.select_for_update()
            .filter(call=call, status=ApplicationStatus.ELIGIBLE)
            .values_list("pk", flat=True)
        )
        jurors = list(JuryMember.objects.filter(call=call).values_list("user_id", flat=True))
        conflicts = conflicted_pairs(call=call)
        existing = {}
        for application_id, juror_id in Assignment.objects.filter(
            application_id__in=applications
        ).values_list("application_id", "juror_id"):
            existing.setdefault(application_id, set()).add(juror_id)
        plan = plan_assignments(
            applications=applications,
            jurors=jurors,
            per_application=call.jurors_per_application,
            conflicts=conflicts,
            existing=existing,
            seed=seed,
        )
        new = [
            Assignment(application_id=application_id, juror_id=juror_id)
            for application_id, chosen in plan.assignments.items()
            for juror_id in chosen - existing.get(application_id, set())
        ]
        Assignment.objects.bulk_create(new)
        audit_record(
            actor=actor,
            action="jury.assigned",
            target=call,
            data={
                "new": len(new),
                "seed": seed,
                "shortfalls": {str(k): v for k, v in plan.shortfalls.items()},
            },
        )
        _notify_jurors(call, {assignment.juror_id for assignment in new})
    return plan


def _notify_jurors(call, juror_ids):
    from django.contrib.auth import get_user_model

    for juror in get_user_model().objects.filter(pk__in=juror_ids):
        references = list(
            Assignment.objects.filter(juror=juror, application__call=call)
            .order_by("application__reference")
            .values_list("application__reference", flat=True)
        )
        count = len(references)
        with translation.override(juror.language):
            due = date_format(call.review_due_date, "DATE_FORMAT") if call.review_due_date else ""
            path = reverse("jury_dashboard")
            call_name = call.name
        outbox_queue(
            template="jury_assignments",
            recipients=[juror.email],
            language=juror.language,
            context={
                "count": count,
                "references": references,
                "due_date": due,
                "call_name": call_name,
                "url": settings.WECD_SITE_URL.rstrip("/") + path,
            },
            # A new message whenever the list itself changes.
            dedupe_key=f"jury-assignments:{call.pk}:{juror.pk}:{hashlib.sha256('|'.join(references).encode()).hexdigest()[:16]}",
        )


def assignment_add_manual(*, application, juror, actor):
    """Staff assign a juror by hand (kept by every later automatic run).

    Side effects: inserts the Assignment (manual); audit ``jury.assigned_manually``;
    when the assignment is new, queues the juror's assignments email (their whole
    list, with the due date), as an automatic run does.
    Refuses a juror who is not on the call's jury or is conflicted.
    """
    if not JuryMember.objects.filter(call=application.call, user=juror).exists():
        raise ValidationError(_("This person is not on the jury of this call."), code="not_on_jury")
    if (application.pk, juror.pk) in conflicted_pairs(call=application.call):
        raise ValidationError(
            _("This juror has a conflict of interest with this application."), code="conflicted"
        )
    with transaction.atomic():
        assignment, created = Assignment.objects.update_or_create(
            application=application, juror=juror, defaults={"manual": True}
        )
        audit_record(
            actor=actor, action="jury.assigned_manually", target=application, data={"juror": juror.email}
        )
        if created:
            _notify_jurors(application.call, {juror.pk})
    return assignment


def _release_and_reassign(*, call, juror, actor):
    """Drop the juror's assignments that a conflict now forbids, then top up."""
    forbidden = {
        application_id for application_id, juror_id in conflicted_pairs(call=call) if juror_id == juror.pk
    }
    removed = Assignment.objects.filter(juror=juror, application_id__in=forbidden)
    released = list(removed.values_list("application_id", flat=True))
    removed.delete()
    if released:
        assignment_run(call=call, actor=actor)
    return released


def conflict_declare(*, application, juror, conflicted_numbers, actor=None):
    """A juror's declaration for an assigned application, before seeing its content.

    ``conflicted_numbers``: the duo's enterprise numbers the juror is linked to
    (empty: no conflict). Side effects: stores the declaration; records each link
    as a company-level conflict (it then applies to every application involving
    that company); removes the now-forbidden assignments and reassigns them;
    audit entry ``jury.conflict_declared``.
    """
    duo = set(application.parties.values_list("enterprise_number", flat=True))
    numbers = {normalize_enterprise_number(number) for number in conflicted_numbers}
    if not numbers <= duo:
        raise ValidationError(_("Declare only the companies of this application."), code="not_in_duo")
    with transaction.atomic():
        declaration, _created = ConflictDeclaration.objects.update_or_create(
            application=application, juror=juror, defaults={"has_conflict": bool(numbers)}
        )
        for number in numbers:
            CompanyConflict.objects.get_or_create(
                juror=juror,
                enterprise_number=number,
                defaults={"source": CompanyConflict.Source.JUROR, "recorded_by": actor or juror},
            )
        released = []
        if numbers:
            # A company conflict holds in every call the juror sits on.
            for seat in JuryMember.objects.filter(user=juror).select_related("call"):
                if not RankingSnapshot.objects.filter(call=seat.call).exists():
                    released += _release_and_reassign(call=seat.call, juror=juror, actor=actor or juror)
        audit_record(
            actor=actor or juror,
            action="jury.conflict_declared",
            target=application,
            data={
                "juror": juror.email,
                "conflict": bool(numbers),
                "companies": sorted(numbers),
                "released": released,
            },
        )
    return declaration


def conflict_record_by_staff(*, juror, enterprise_number, actor, note=""):
    """Staff record a juror's link to a company. Side effects: the CompanyConflict row,
    removal and reassignment of the assignments it forbids in every call, audit
    ``jury.conflict_recorded``."""
    number = normalize_enterprise_number(enterprise_number)
    with transaction.atomic():
        conflict, _created = CompanyConflict.objects.get_or_create(
            juror=juror,
            enterprise_number=number,
            defaults={"source": CompanyConflict.Source.STAFF, "recorded_by": actor, "note": note},
        )
        for seat in JuryMember.objects.filter(user=juror).select_related("call"):
            if not RankingSnapshot.objects.filter(call=seat.call).exists():
                _release_and_reassign(call=seat.call, juror=juror, actor=actor)
        audit_record(
            actor=actor, action="jury.conflict_recorded", target=conflict, data={"juror": juror.email}
        )
    return conflict


def applications_blocked_for(juror):
    """Q filter of the applications ``juror`` may not review (for selectors)."""
    numbers = CompanyConflict.objects.filter(juror=juror).values_list("enterprise_number", flat=True)
    return Q(parties__enterprise_number__in=numbers) | Q(
        conflict_declarations__juror=juror, conflict_declarations__has_conflict=True
    )
