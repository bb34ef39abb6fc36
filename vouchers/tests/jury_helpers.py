"""Builders for tests of the jury pages: a call with criteria, eligible applications,
a seated jury, submitted reviews, a frozen ranking."""

import datetime as dt
import re
from html.parser import HTMLParser

from vouchers.intake.models import Application
from vouchers.jury.criteria import PILOT_CRITERIA
from vouchers.jury.models import Assignment, Criterion, JuryMember, RankingSnapshot
from vouchers.jury.services.assignment import conflict_declare
from vouchers.jury.services.reviews import review_save, review_submit
from vouchers.tests.factories import CallFactory, complete_application
from wecd_portal.tests.factories import applicant, juror, staff_member

BRUSSELS = dt.timezone(dt.timedelta(hours=2))


def jury_call(*, jurors_per_application=1, criteria=True, **overrides):
    """A 2014-like call (closed, reviews due 7 November 2014) with the pilot criteria."""
    values = {
        "opens_at": dt.datetime(2014, 6, 16, 0, 0, tzinfo=BRUSSELS),
        "closes_at": dt.datetime(2014, 10, 1, 23, 59, 59, tzinfo=BRUSSELS),
        "execution_start_date": dt.date(2014, 11, 15),
        "execution_end_date": dt.date(2015, 6, 30),
        "review_due_date": dt.date(2014, 11, 7),
        "jurors_per_application": jurors_per_application,
    }
    values.update(overrides)
    call = CallFactory(**values)
    if criteria:
        for spec in PILOT_CRITERIA:
            Criterion.objects.create(call=call, **spec)
    return call


def eligible(call, seed, *, title=None):
    """An eligible application of ``call``, referenced ``WECD-<seed>`` (seeds are unique per test)."""
    fields = {"title": title} if title else {}
    application = complete_application(call=call, owner=applicant(), seed=seed, **fields)
    Application.objects.filter(pk=application.pk).update(
        status="eligible", reference=f"WECD-{seed:04d}", sequence=seed, submitted_at=call.closes_at
    )
    application.refresh_from_db()
    return application


def seat(call, count=1, *, president=False, members=None):
    """``count`` new jurors (or ``members``) on the jury of ``call``; the first presides if asked."""
    members = list(members) if members is not None else [juror() for _ in range(count)]
    for index, member in enumerate(members):
        JuryMember.objects.create(call=call, user=member, is_president=president and index == 0)
    return members


def assign(application, *members):
    """Assign ``members`` to ``application`` by hand (no planner, no email)."""
    for member in members:
        Assignment.objects.create(application=application, juror=member, manual=True)


def answers(call, score="7", comment="Commentaire", justification=""):
    """Answers for ``review_save``: one score (or a {code: score} dict) per criterion."""
    return {
        criterion.pk: (
            score[criterion.code] if isinstance(score, dict) else score,
            f"{comment} {criterion.code}",
            justification,
        )
        for criterion in Criterion.objects.filter(call=call)
    }


def comments(call):
    """One comment for the applicant per criterion of ``call``, for ``consensus_record``."""
    return {c.code: f"Pour le candidat : {c.code}" for c in Criterion.objects.filter(call=call)}


def review(application, member, *, score="7", submit=True, overall="Avis général."):
    """The juror declares no conflict, then saves (and submits) a review."""
    conflict_declare(application=application, juror=member, conflicted_numbers=[])
    saved = review_save(
        application=application,
        juror=member,
        answers=answers(application.call, score),
        overall_comment=overall,
    )
    return review_submit(review=saved, juror=member) if submit else saved


def freeze(call):
    """A frozen ranking for ``call``, written directly: what the guards look at."""
    return RankingSnapshot.objects.create(
        call=call, frozen_by=staff_member(), rows={"rows": [], "leniency": []}
    )


class _Form(HTMLParser):
    """The named inputs and textareas of a page, as a browser would read them."""

    def __init__(self):
        super().__init__()
        self.inputs, self.textareas, self._textarea = {}, {}, None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and "name" in attributes:
            self.inputs[attributes["name"]] = attributes
        elif tag == "textarea":
            self._textarea = attributes.get("name")
            self.textareas[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self.textareas[self._textarea] += (
                data.removeprefix("\n") if not self.textareas[self._textarea] else data
            )


def inputs(html):
    """name → attributes of every named <input> of the page."""
    parser = _Form()
    parser.feed(html)
    return parser.inputs


def form_data(html):
    """What submitting the page's form unchanged would send (inputs' values, textareas)."""
    parser = _Form()
    parser.feed(html)
    data = {
        name: attributes.get("value") or ""
        for name, attributes in parser.inputs.items()
        if attributes.get("type") not in ("submit", "button", "checkbox")
    }
    return {**data, **parser.textareas}


def text(html):
    """The page's visible text, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
