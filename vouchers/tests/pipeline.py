"""Builders that take a call through the pipeline, for the tests that need a call
at a given stage: open (``open_call``), with eligible applications and a seated
jury (``eligible``, ``seat``), scored (``scored_call``), decided (``decided``), its
letters rendered and ready to release (``ready``). Each goes through the
services, as the portal does; a test needing less builds less."""

import datetime as dt

from vouchers.awards.models import AwardDecision
from vouchers.awards.services.decisions import awards_confirm, awards_propose
from vouchers.awards.services.letters import letter_render
from vouchers.awards.services.release import results_release
from vouchers.intake.models import Application
from vouchers.jury.criteria import PILOT_CRITERIA
from vouchers.jury.models import Criterion, JuryMember
from vouchers.jury.services.assignment import assignment_run, conflict_declare
from vouchers.jury.services.deliberation import consensus_record, ranking_freeze
from vouchers.jury.services.reviews import review_save, review_submit
from vouchers.tests.factories import CallFactory, complete_application
from wecd_portal.tests.factories import applicant, juror, staff_member

BRUSSELS = dt.timezone(dt.timedelta(hours=2))  # 1 October is summer time in Brussels
IN_TIME = dt.datetime(2014, 9, 30, 12, 0, tzinfo=BRUSSELS)


def open_call(**overrides):
    """The 2014 call's dates (open 16 June – 1 October 2014), with ``overrides``."""
    values = {
        "opens_at": dt.datetime(2014, 6, 16, 0, 0, tzinfo=BRUSSELS),
        "closes_at": dt.datetime(2014, 10, 1, 23, 59, 59, tzinfo=BRUSSELS),
        "execution_start_date": dt.date(2014, 11, 15),
        "execution_end_date": dt.date(2015, 6, 30),
    }
    values.update(overrides)
    return CallFactory(**values)


def eligible(call, seed):
    """A complete application of ``call``, declared eligible, referenced WECD-2014-<seed>."""
    application = complete_application(call=call, owner=applicant(), seed=seed)
    Application.objects.filter(pk=application.pk).update(
        status="eligible", reference=f"WECD-2014-{seed:03d}", sequence=seed, submitted_at=call.closes_at
    )
    application.refresh_from_db()
    return application


def seat(call, count):
    """``count`` new jurors seated on the call's jury."""
    jurors = [juror() for _ in range(count)]
    for member in jurors:
        JuryMember.objects.create(call=call, user=member)
    return jurors


def scored_call(count, jurors_per_application=1, score="7"):
    """An open call with the pilot criteria, ``count`` eligible applications, assigned
    and reviewed with ``score`` on every criterion: (call, applications, jurors)."""
    call = open_call()
    call.jurors_per_application = jurors_per_application
    call.save()
    for values in PILOT_CRITERIA:
        Criterion.objects.create(call=call, **values)
    members = seat(call, max(1, jurors_per_application))
    applications = [eligible(call, seed) for seed in range(1, count + 1)]
    assignment_run(call=call)
    criteria = list(Criterion.objects.filter(call=call))
    for application in applications:
        for member in members:
            if not application.assignments.filter(juror=member).exists():
                continue
            conflict_declare(application=application, juror=member, conflicted_numbers=[])
            answers = {c.pk: (score, "Commentaire", "") for c in criteria}
            review = review_save(
                application=application, juror=member, answers=answers, overall_comment="Bien"
            )
            review_submit(review=review, juror=member)
    return call, applications, members


def comments_for(call):
    """One comment for the applicant per criterion of ``call``."""
    return {
        criterion.code: f"Pour le candidat : {criterion.code}"
        for criterion in Criterion.objects.filter(call=call)
    }


def decided(count=2, vouchers=1, title=None, language="fr"):
    """A scored call deliberated, frozen and its awards proposed and confirmed."""
    call, applications, _members = scored_call(count)
    call.voucher_count = vouchers
    call.save()
    staff = staff_member()
    for application in applications:
        consensus_record(application=application, actor=staff, comments=comments_for(call))
        application.owner.language = language
        application.owner.save()
    if title:
        Application.objects.filter(pk=applications[0].pk).update(title=title)
    ranking_freeze(call=call, actor=staff)
    awards_propose(call=call, actor=staff)
    awards_confirm(call=call, actor=staff)
    return call, [Application.objects.get(pk=a.pk) for a in applications]


def ready(count=3, vouchers=1, language="en"):
    """A decided call with every letter rendered: ready for the release."""
    call, applications = decided(count=count, vouchers=vouchers, language=language)
    for application in applications:
        letter_render(application=application)
    return call, applications


def released(count=3, vouchers=1):
    """A ready call whose results are released."""
    call, applications = ready(count=count, vouchers=vouchers)
    results_release(call=call, actor=staff_member())
    return call, applications


def decision_of(application):
    return AwardDecision.objects.get(application=application)
