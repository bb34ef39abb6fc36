"""Rules register here under a stable code; the engine runs them in code order."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format, time_format
from django.utils.translation import gettext_lazy as _

BRUSSELS = ZoneInfo("Europe/Brussels")


class Outcome(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    REVIEW = "review", _("To review")


@dataclass(frozen=True)
class Reason:
    """A translated message and the values it quotes, rendered in any language."""

    message: str
    # Values quoted by the message; a callable is evaluated in the rendering language
    # (e.g. a validator's own translated message).
    params: dict = field(default_factory=dict)

    def render(self, language):
        """The reason in ``language``; callable params are evaluated in it too."""
        with translation.override(language):
            values = {
                key: _localize(value() if callable(value) else value) for key, value in self.params.items()
            }
            return str(self.message) % values


def _localize(value):
    """Numbers as the language writes them (12,00 in French, 12.00 in English);
    moments in Brussels time whatever the active time zone, to the second (a
    deadline is a second); a naive moment is taken as Brussels time."""
    if isinstance(value, Decimal):
        return number_format(value)
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, BRUSSELS)
        local = timezone.localtime(value, BRUSSELS)
        return f"{date_format(local, 'SHORT_DATE_FORMAT')} {time_format(local, 'H:i:s')}"
    return str(value)


@dataclass(frozen=True)
class RuleResult:
    outcome: str
    reason: Reason
    facts: dict

    @property
    def facts_hash(self):
        """Fingerprint of the values judged: a staff verdict stands while it is unchanged."""
        encoded = json.dumps(self.facts, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True)
class Rule:
    code: str
    version: int
    title: str
    description: str
    check: object
    outcomes: tuple = (Outcome.PASS, Outcome.FAIL)

    def run(self, application):
        result = self.check(application)
        if result.outcome not in self.outcomes:
            raise RuntimeError(f"rule {self.code} returned {result.outcome}, not one of {self.outcomes}")
        return result


RULES = {}


def rule(*, code, version, title, description, outcomes=(Outcome.PASS, Outcome.FAIL)):
    """Register ``check(application) -> RuleResult`` under ``code``; ``outcomes`` are
    the results it may return (the engine refuses any other)."""

    def register(check):
        if code in RULES:
            raise ValueError(f"eligibility rule {code} registered twice")
        RULES[code] = Rule(
            code=code,
            version=version,
            title=title,
            description=description,
            check=check,
            outcomes=tuple(outcomes),
        )
        return check

    return register


def passed(reason, **facts):
    return RuleResult(Outcome.PASS, reason, facts)


def failed(reason, **facts):
    return RuleResult(Outcome.FAIL, reason, facts)


def to_review(reason, **facts):
    return RuleResult(Outcome.REVIEW, reason, facts)
