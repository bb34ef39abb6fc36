"""Writes for the jury: conflicts of interest and the assignment of jurors."""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from vouchers.common.permissions import is_portal_staff
from vouchers.common.validators import normalize_enterprise_number
from vouchers.intake.enums import ApplicationStatus
from vouchers.intake.models import Application, ApplicationParty
from vouchers.intake.services.calls import ensure_not_frozen
from vouchers.jury.models import Assignment, CompanyConflict, ConflictDeclaration, JuryMember, RankingSnapshot
from vouchers.jury.planner import plan_assignments
from wecd_portal.accounts.roles import JUROR, user_roles
from wecd_portal.audit import audit_record
from wecd_portal.core.templatetags.portal import format_long_date
from wecd_portal.notifications.services import outbox_queue


def active_conflicts():
    """The company conflicts in force: a withdrawn one no longer makes a juror conflicted."""
    return CompanyConflict.objects.filter(withdrawn_at__isnull=True)


def _refuse_if_frozen(call, message, *, lock=False):
    """``ensure_not_frozen`` (the one rule), with a message saying what is refused."""

    try:
        ensure_not_frozen(call, lock=lock)
    except ValidationError as error:
        raise ValidationError(message, code="ranking_frozen") from error


FROZEN_ASSIGNMENT = _("The ranking of this call is frozen: its jurors can no longer be assigned.")
FROZEN_DECLARATION = _(
    "The ranking of this call is frozen: the reviews are closed and no conflict can be declared "
    "on its applications any more."
)


def conflicted_pairs(*, call):
    """(application id, juror id) pairs a juror may not review: company links or a declaration."""
    pairs = set(
        ConflictDeclaration.objects.filter(application__call=call, has_conflict=True).values_list(
            "application_id", "juror_id"
        )
    )
    jurors = JuryMember.objects.filter(call=call).values_list("user_id", flat=True)
    links = active_conflicts().filter(juror_id__in=jurors).values_list("juror_id", "enterprise_number")
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
    new applications, with the due date. Returns the plan. Refused (code
    ``ranking_frozen``) once the call's ranking is frozen.
    """
    with transaction.atomic():
        _refuse_if_frozen(call, FROZEN_ASSIGNMENT, lock=True)
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
    for juror in get_user_model().objects.filter(pk__in=juror_ids):
        references = list(
            Assignment.objects.filter(juror=juror, application__call=call)
            .order_by("application__reference")
            .values_list("application__reference", flat=True)
        )
        count = len(references)
        with translation.override(juror.language):
            due = format_long_date(call.review_due_date) if call.review_due_date else ""
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


def assignment_check(*, application, juror, lock=False):
    """Why a manual assignment is refused (shared by the service and the admin form):
    a frozen ranking, a juror who is not on the call's jury, or a conflicted one."""
    _refuse_if_frozen(application.call, FROZEN_ASSIGNMENT, lock=lock)
    if not JuryMember.objects.filter(call=application.call, user=juror).exists():
        raise ValidationError(_("This person is not on the jury of this call."), code="not_on_jury")
    if (application.pk, juror.pk) in conflicted_pairs(call=application.call):
        raise ValidationError(
            _("This juror has a conflict of interest with this application."), code="conflicted"
        )


def assignment_add_manual(*, application, juror, actor):
    """Staff assign a juror by hand (kept by every later automatic run).

    Side effects: inserts the Assignment (manual); audit ``jury.assigned_manually``;
    when the assignment is new, queues the juror's assignments email (their whole
    list, with the due date), as an automatic run does.
    Refuses what ``assignment_check`` refuses.
    """
    with transaction.atomic():
        assignment_check(application=application, juror=juror, lock=True)
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
    audit entry ``jury.conflict_declared``. Refused (code ``ranking_frozen``) once the
    ranking of the application's call is frozen.
    """
    _refuse_if_frozen(application.call, FROZEN_DECLARATION)
    duo = set(application.parties.values_list("enterprise_number", flat=True))
    numbers = {normalize_enterprise_number(number) for number in conflicted_numbers}
    if not numbers <= duo:
        raise ValidationError(_("Declare only the companies of this application."), code="not_in_duo")
    with transaction.atomic():
        _refuse_if_frozen(application.call, FROZEN_DECLARATION, lock=True)
        declaration, _created = ConflictDeclaration.objects.update_or_create(
            application=application, juror=juror, defaults={"has_conflict": bool(numbers)}
        )
        for number in numbers:
            CompanyConflict.objects.get_or_create(
                juror=juror,
                enterprise_number=number,
                withdrawn_at=None,
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


def conflict_record_check(*, juror, enterprise_number):
    """Why staff may not record this conflict (shared by the service and the admin
    form): a number that is no enterprise number, a person who is not a juror, or a
    conflict already on record. Returns the canonical number."""

    number = normalize_enterprise_number(enterprise_number)
    if JUROR not in user_roles(juror) and not JuryMember.objects.filter(user=juror).exists():
        raise ValidationError(_("This person is not a juror."), code="not_a_juror")
    if active_conflicts().filter(juror=juror, enterprise_number=number).exists():
        raise ValidationError(_("This conflict of interest is already on record."), code="already_recorded")
    return number


def conflict_record_by_staff(*, juror, enterprise_number, actor, note=""):
    """Staff record a juror's link to a company. Side effects: the CompanyConflict row,
    removal and reassignment of the assignments it forbids in every call whose
    ranking is not frozen, audit ``jury.conflict_recorded``. Refuses what
    ``conflict_record_check`` refuses. The returned conflict carries
    ``released_references``: the applications taken from the juror."""
    with transaction.atomic():
        number = conflict_record_check(juror=juror, enterprise_number=enterprise_number)
        conflict = CompanyConflict.objects.create(
            juror=juror,
            enterprise_number=number,
            source=CompanyConflict.Source.STAFF,
            recorded_by=actor,
            note=note,
        )
        released = []
        for seat in JuryMember.objects.filter(user=juror).select_related("call"):
            if not RankingSnapshot.objects.filter(call=seat.call).exists():
                released += _release_and_reassign(call=seat.call, juror=juror, actor=actor)
        audit_record(
            actor=actor, action="jury.conflict_recorded", target=conflict, data={"juror": juror.email}
        )
    # What the conflict took from the juror, for the page to say (not stored).
    conflict.released_references = sorted(
        Application.objects.filter(pk__in=released).values_list("reference", flat=True)
    )
    return conflict


def conflict_withdraw_check(*, conflict, actor, reason):
    """Why a withdrawal is refused (shared by the service and the admin form): only
    Wallonie Design staff withdraw, with a reason, a conflict still in force."""

    if actor is None or not actor.is_authenticated or not is_portal_staff(actor):
        raise ValidationError(
            _("Only Wallonie Design staff can withdraw a conflict of interest."), code="staff_only"
        )
    if not (reason or "").strip():
        raise ValidationError(
            _("Give the reason for withdrawing this conflict of interest."), code="reason_required"
        )
    if conflict.withdrawn_at is not None:
        raise ValidationError(
            _("This conflict of interest has already been withdrawn."), code="already_withdrawn"
        )


def conflict_withdraw(*, conflict, actor, reason):
    """Staff withdraw a conflict recorded by mistake; it is kept, never deleted.

    Side effects: locks the conflict row; sets ``withdrawn_at``, ``withdrawn_by`` and
    ``withdrawal_reason``; removes the juror's "conflict" declarations on the
    applications of that company that no other conflict in force still covers (the
    juror declares again if given one of them); audit ``conflict.withdrawn``. The
    juror is no longer conflicted with the company; no assignment is made here
    (staff assign by hand or run the assignment again). Refuses what
    ``conflict_withdraw_check`` refuses.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = CompanyConflict.objects.select_for_update().select_related("juror").get(pk=conflict.pk)
        conflict_withdraw_check(conflict=locked, actor=actor, reason=reason)
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = actor
        locked.withdrawal_reason = reason
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        still = active_conflicts().filter(juror=locked.juror).values_list("enterprise_number", flat=True)
        declarations = (
            ConflictDeclaration.objects.filter(
                juror=locked.juror,
                has_conflict=True,
                application__parties__enterprise_number=locked.enterprise_number,
            )
            .exclude(application__parties__enterprise_number__in=still)
            .distinct()
        )
        found = list(declarations.values_list("pk", "application_id"))
        ConflictDeclaration.objects.filter(pk__in=[pk for pk, _application in found]).delete()
        cleared = sorted(application_id for _pk, application_id in found)
        audit_record(
            actor=actor,
            action="conflict.withdrawn",
            target=locked,
            data={
                "juror": locked.juror.email,
                "enterprise_number": locked.enterprise_number,
                "reason": reason,
                "declarations_cleared": cleared,
            },
        )
    conflict.withdrawn_at, conflict.withdrawn_by, conflict.withdrawal_reason = (
        locked.withdrawn_at,
        locked.withdrawn_by,
        locked.withdrawal_reason,
    )
    return locked


def applications_blocked_for(juror):
    """Q filter of the applications ``juror`` may not review (for selectors): a
    conflict in force with one of its companies, or a "conflict" declaration."""
    numbers = active_conflicts().filter(juror=juror).values_list("enterprise_number", flat=True)
    return Q(parties__enterprise_number__in=numbers) | Q(
        conflict_declarations__juror=juror, conflict_declarations__has_conflict=True
    )
