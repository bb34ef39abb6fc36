import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError
from django.utils import timezone

from vouchers.intake.enums import CallState
from vouchers.intake.models import Call
from vouchers.intake.pilot_call import PILOT_SLUG
from vouchers.intake.selectors.calls import call_current
from vouchers.jury.models import Criterion
from vouchers.tests.factories import CallFactory
from wecd_portal.core.models import AuditEntry
from wecd_portal.tests.factories import staff_member

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def test_pilot_call_of_2014_exists_after_migrate():
    call = Call.objects.get(slug=PILOT_SLUG)

    assert call.opens_at == dt.datetime(2014, 6, 16, 0, 0, tzinfo=BRUSSELS)
    assert call.closes_at == dt.datetime(2014, 10, 1, 23, 59, 59, tzinfo=BRUSSELS)
    assert (call.voucher_amount, call.voucher_count, call.budget) == (
        Decimal("6000.00"),
        10,
        Decimal("60000.00"),
    )
    assert call.de_minimis_ceiling == Decimal("200000.00")
    assert call.cofinancing_share == Decimal("0.00")
    assert call.results_date == dt.date(2014, 11, 14)


def test_call_state_follows_the_clock_to_the_end_of_the_minute_the_deadline_shows():
    call = CallFactory.build(
        opens_at=dt.datetime(2014, 6, 16, 0, 0, tzinfo=BRUSSELS),
        closes_at=dt.datetime(2014, 10, 1, 23, 59, 59, tzinfo=BRUSSELS),
    )

    assert call.state_at(call.opens_at - dt.timedelta(microseconds=1)) == CallState.UPCOMING
    assert call.state_at(call.opens_at) == CallState.OPEN
    assert call.state_at(call.closes_at) == CallState.OPEN
    # "23:59" is shown: 23:59:59.999999 is still in time, midnight is not.
    assert call.state_at(call.closes_at + dt.timedelta(microseconds=999_999)) == CallState.OPEN
    assert call.state_at(dt.datetime(2014, 10, 2, 0, 0, tzinfo=BRUSSELS)) == CallState.CLOSED


def test_call_state_is_results_published_once_released():
    call = CallFactory.build(
        opens_at=dt.datetime(2014, 6, 16, tzinfo=BRUSSELS),
        closes_at=dt.datetime(2014, 10, 1, 23, 59, 59, tzinfo=BRUSSELS),
        results_published_at=dt.datetime(2014, 11, 14, 12, 0, tzinfo=BRUSSELS),
    )

    assert call.state_at(dt.datetime(2014, 11, 14, 11, 59, tzinfo=BRUSSELS)) == CallState.CLOSED
    assert call.state_at(dt.datetime(2014, 11, 14, 12, 0, tzinfo=BRUSSELS)) == CallState.RESULTS_PUBLISHED


def test_database_refuses_a_call_closing_before_it_opens():
    with pytest.raises(IntegrityError):
        CallFactory(opens_at=timezone.now(), closes_at=timezone.now() - dt.timedelta(days=1))


def test_database_refuses_a_cofinancing_share_above_100_percent():
    with pytest.raises(IntegrityError):
        CallFactory(cofinancing_share=Decimal("120"))


def test_current_call_prefers_open_then_upcoming_then_latest():
    now = timezone.now()
    past = CallFactory(opens_at=now - dt.timedelta(days=200), closes_at=now - dt.timedelta(days=100))
    assert call_current(now=now) == past

    upcoming = CallFactory(opens_at=now + dt.timedelta(days=10), closes_at=now + dt.timedelta(days=40))
    assert call_current(now=now) == upcoming

    open_call = CallFactory(opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=5))
    assert call_current(now=now) == open_call


def admin_form_data(**overrides):
    data = {
        "name_fr": "Appel test",
        "name_en": "Test call",
        "slug": "appel-test",
        "opens_at_0": "2027-06-01",
        "opens_at_1": "00:00:00",
        "closes_at_0": "2027-10-01",
        "closes_at_1": "23:59:59",
        "results_date": "",
        "results_published_at_0": "",
        "results_published_at_1": "",
        "execution_start_date": "",
        "execution_end_date": "",
        "report_days": "60",
        "voucher_amount": "6000",
        "voucher_count": "10",
        "de_minimis_ceiling": "300000",
        "de_minimis_window_years": "3",
        "cofinancing_share": "0",
        "provider_application_limit": "2",
        "redress_days": "30",
        "reference_prefix": "WECD",
        "acceptance_days": "14",
        "retention_years": "10",
        "jurors_per_application": "3",
        "review_due_date": "",
        "pass_threshold": "60",
        "disagreement_threshold": "20",
        "tie_break_criterion": "added-value",
    }
    for prefix in ("criteria", "jury"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def test_staff_editing_a_call_in_the_admin_is_audited(client):
    staff = staff_member()
    client.force_login(staff)
    call = Call.objects.get(slug=PILOT_SLUG)
    url = f"/en/admin/vouchers/call/{call.pk}/change/"
    data = admin_form_data(
        name_fr=call.name_fr,
        name_en=call.name_en,
        slug=call.slug,
        opens_at_0="2014-06-16",
        closes_at_0="2014-10-01",
        results_date="2014-11-14",
        execution_start_date="2014-11-15",
        execution_end_date="2015-06-30",
        de_minimis_ceiling="200000",
        voucher_count="12",
    )

    response = client.post(url, data)

    assert response.status_code == 302
    call.refresh_from_db()
    assert call.voucher_count == 12
    entry = AuditEntry.objects.get(action="call.changed")
    assert (entry.actor, entry.action, entry.target_label) == (staff, "call.changed", call.name_fr)
    assert entry.data == {"voucher_count": "12"}


def test_the_tie_break_criterion_must_be_one_of_the_calls_criteria(client):
    client.force_login(staff_member())
    call = Call.objects.get(slug=PILOT_SLUG)
    url = f"/en/admin/vouchers/call/{call.pk}/change/"
    fields = dict(name_fr=call.name_fr, name_en=call.name_en, slug=call.slug, opens_at_0="2014-06-16")

    refused = client.post(url, admin_form_data(**fields, tie_break_criterion="originality"))
    accepted = client.post(url, admin_form_data(**fields, tie_break_criterion="impact"))

    assert refused.status_code == 200
    assert (
        "The tie-break criterion “originality” is not one of this call’s criteria "
        "(added-value, duo, feasibility, impact): use one of their codes, or leave it empty."
    ) in refused.content.decode()
    assert accepted.status_code == 302
    call.refresh_from_db()
    assert call.tie_break_criterion == "impact"


def criteria_inline_data(call, renamed=None, deleted=()):
    """The criteria inline of the call's change form, as the browser posts it."""
    criteria = list(Criterion.objects.filter(call=call))
    data = {"criteria-TOTAL_FORMS": str(len(criteria)), "criteria-INITIAL_FORMS": str(len(criteria))}
    for index, criterion in enumerate(criteria):
        prefix = f"criteria-{index}-"
        data.update(
            {
                prefix + "id": str(criterion.pk),
                prefix + "call": str(call.pk),
                prefix + "code": (renamed or {}).get(criterion.code, criterion.code),
                prefix + "position": str(criterion.position),
                prefix + "label_fr": criterion.label_fr,
                prefix + "label_en": criterion.label_en,
                prefix + "guidance_fr": criterion.guidance_fr,
                prefix + "guidance_en": criterion.guidance_en,
                prefix + "weight": str(criterion.weight),
                prefix + "scale_max": str(criterion.scale_max),
                prefix + "minimum": "" if criterion.minimum is None else str(criterion.minimum),
            }
        )
        if criterion.code in deleted:
            data[prefix + "DELETE"] = "on"
    return data


def test_the_tie_break_criterion_follows_the_criteria_saved_with_it(client):
    client.force_login(staff_member())
    call = Call.objects.get(slug=PILOT_SLUG)
    url = f"/en/admin/vouchers/call/{call.pk}/change/"
    fields = dict(name_fr=call.name_fr, name_en=call.name_en, slug=call.slug, opens_at_0="2014-06-16")

    deleted = client.post(
        url,
        {
            **admin_form_data(**fields, tie_break_criterion="impact"),
            **criteria_inline_data(call, deleted={"impact"}),
        },
    )
    renamed = client.post(
        url,
        {
            **admin_form_data(**fields, tie_break_criterion="effects"),
            **criteria_inline_data(call, renamed={"impact": "effects"}),
        },
    )

    assert deleted.status_code == 200
    assert "The tie-break criterion “impact” is not one of this call’s criteria" in deleted.content.decode()
    assert renamed.status_code == 302
    assert sorted(Criterion.objects.filter(call=call).values_list("code", flat=True)) == [
        "added-value",
        "duo",
        "effects",
        "feasibility",
    ]
    call.refresh_from_db()
    assert call.tie_break_criterion == "effects"


def test_admin_shows_a_clear_error_for_a_call_closing_before_it_opens(client):
    client.force_login(staff_member())
    response = client.post(
        "/en/admin/vouchers/call/add/",
        admin_form_data(opens_at_0="2027-10-01", closes_at_0="2027-06-01"),
    )

    assert response.status_code == 200
    assert "The call must close after it opens." in response.content.decode()
    assert 'value="Appel test"' in response.content.decode()
    assert Call.objects.filter(slug="appel-test").count() == 0
