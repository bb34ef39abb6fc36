"""The staff ranking page, its export, the freeze, and who may see it."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from vouchers.intake.models import Call
from vouchers.jury.models import Assignment, CompanyConflict, Criterion, JuryMember, RankingSnapshot, Review
from vouchers.jury.selectors.standings import call_ranking, criteria_of
from vouchers.jury.services.assignment import conflict_declare
from vouchers.jury.services.deliberation import consensus_record, ranking_freeze
from vouchers.jury.services.reviews import review_reopen, review_save, review_submit
from vouchers.tests.deliberation import deliberate, deliberate_and_freeze
from vouchers.tests.pipeline import comments_for, scored_call
from wecd_portal.core.models import AuditEntry
from wecd_portal.tests.factories import applicant, juror, staff_member

pytestmark = pytest.mark.django_db


def test_ranking_page_shows_means_and_exports_csv(client):
    call, _applications, _members = scored_call(2)
    client.force_login(staff_member())
    url = f"/en/admin/vouchers/call/{call.pk}/ranking/"

    html = client.get(url).content.decode()
    export = client.get(f"{url}?export=csv")

    assert "WECD-2014-001" in html and "70.00" in html
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0][:5] == ["rank", "reference", "final /100", "mean /100", "normalised /100"]
    assert [row[1:4] for row in rows[1:]] == [
        ["WECD-2014-001", "70.00", "70.00"],
        ["WECD-2014-002", "70.00", "70.00"],
    ]


def test_the_ranking_page_warns_of_a_tie_break_code_that_is_no_criterion(client):
    call, _applications, _members = scored_call(1)
    Call.objects.filter(pk=call.pk).update(tie_break_criterion="originality")
    client.force_login(staff_member())

    html = client.get(f"/en/admin/vouchers/call/{call.pk}/ranking/").content.decode()

    codes = ", ".join(sorted(criterion.code for criterion in criteria_of(call)))
    assert (
        f"The tie-break criterion “originality” is not one of this call’s criteria ({codes}): "
        "equal totals are ordered by submission time only."
    ) in html


def test_the_ranking_export_speaks_the_staff_members_language(client):
    call, _applications, _members = scored_call(1)
    client.force_login(staff_member())

    export = client.get(f"/admin/vouchers/call/{call.pk}/ranking/?export=csv")

    header = next(csv.reader(io.StringIO(export.content.decode())))
    assert header[:5] == ["rang", "référence", "score final /100", "moyenne /100", "normalisé /100"]
    assert header[5] == f"moyenne {criteria_of(call)[0].code}"
    assert header[-1] == "consensus périmé"


def test_freezing_locks_every_score(client):
    call, (application, *_rest), (member, *_others) = scored_call(1)
    staff = staff_member()

    snapshot = deliberate_and_freeze(call, staff)

    assert snapshot.rows["rows"][0]["reference"] == "WECD-2014-001"
    assert snapshot.rows["rows"][0]["mean"] == "70.0"
    review = Review.objects.get(application=application, juror=member)
    for attempt in (
        lambda: review_reopen(review=review, actor=staff, reason="Changer"),
        lambda: review_save(application=application, juror=member, answers={}, overall_comment=""),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.code == "ranking_frozen"
    with pytest.raises(ValidationError) as error:
        ranking_freeze(call=call, actor=staff)
    assert error.value.code == "already_frozen"
    assert AuditEntry.objects.filter(action="ranking.frozen").count() == 1


def test_staff_freeze_from_the_confirmation_page(client):
    call, _applications, _members = scored_call(1)
    staff = staff_member()
    deliberate(call, staff)
    client.force_login(staff)

    unconfirmed = client.post(f"/en/admin/vouchers/call/{call.pk}/freeze/", {})
    response = client.post(f"/en/admin/vouchers/call/{call.pk}/freeze/", {"confirm": "on"})

    assert unconfirmed.status_code == 400
    assert "Tick the box to confirm the freeze." in unconfirmed.content.decode()
    assert response.status_code == 302
    assert RankingSnapshot.objects.get(call=call).frozen_by == staff


@pytest.mark.parametrize("make_user", [applicant, juror])
def test_applicants_and_jurors_never_see_the_ranking(client, make_user):
    call, _applications, _members = scored_call(1)
    client.force_login(make_user())

    response = client.get(f"/en/admin/vouchers/call/{call.pk}/ranking/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/admin/login/")


@pytest.mark.parametrize("count", [1, 3, 50])
def test_ranking_page_query_count_is_constant(client, django_assert_num_queries, count):
    call, _applications, _members = scored_call(count)
    client.force_login(staff_member())

    with django_assert_num_queries(15):
        response = client.get(f"/en/admin/vouchers/call/{call.pk}/ranking/")

    assert len(response.context["rows"]) == count


def test_consensus_defaults_to_the_mean_and_a_change_needs_a_justification(english):
    call, (application, *_rest), _members = scored_call(1)
    staff = staff_member()

    consensus = consensus_record(application=application, actor=staff, comments=comments_for(call))
    assert consensus.final_score == Decimal("70.00")

    with pytest.raises(ValidationError) as error:
        consensus_record(application=application, actor=staff, comments=comments_for(call), final_score="75")
    assert error.value.messages == ["A final score other than the mean (70.00) needs a justification."]

    consensus_record(
        application=application,
        actor=staff,
        comments=comments_for(call),
        final_score="75",
        justification="Le jury a retenu l’impact exceptionnel.",
    )
    rows, _leniency, _criteria = call_ranking(call)
    assert (rows[0].mean, rows[0].final) == (Decimal("70"), Decimal("75.00"))


def test_consensus_needs_a_comment_on_every_criterion(english):
    call, (application, *_rest), _members = scored_call(1)
    comments = comments_for(call)
    comments["impact"] = " "

    with pytest.raises(ValidationError) as error:
        consensus_record(application=application, actor=staff_member(), comments=comments)

    assert error.value.code == "comments_missing"


def test_consensus_changes_the_order_and_is_locked_by_the_freeze(client):
    call, (first, second), _members = scored_call(2)
    staff = staff_member()
    consensus_record(
        application=second,
        actor=staff,
        comments=comments_for(call),
        final_score="80",
        justification="Consensus.",
    )
    client.force_login(staff)
    page = client.get(f"/en/admin/vouchers/call/{call.pk}/ranking/")

    assert [row.reference for row in page.context["rows"]] == [second.reference, first.reference]
    deliberate_and_freeze(call, staff)
    with pytest.raises(ValidationError) as error:
        consensus_record(application=first, actor=staff, comments=comments_for(call))
    assert error.value.code == "ranking_frozen"
    assert RankingSnapshot.objects.get(call=call).rows["rows"][0]["final"] == "80.00"


def test_staff_record_the_consensus_from_the_admin(client):
    call, (application, *_rest), _members = scored_call(1)
    client.force_login(staff_member())
    url = f"/en/admin/vouchers/call/{call.pk}/ranking/{application.pk}/consensus/"
    data = {f"comment_{code}": text for code, text in comments_for(call).items()}

    refused = client.post(url, {**data, "final_score": "90"})
    accepted = client.post(url, data)

    assert refused.status_code == 400
    assert accepted.status_code == 302
    assert application.consensus.final_score == Decimal("70.00")


def test_the_president_deliberates_from_the_jury_pages(client):
    call, (application, *_rest), (member, *_others) = scored_call(1)
    JuryMember.objects.filter(call=call, user=member).update(is_president=True)
    client.force_login(member)
    data = {f"comment_{code}": text for code, text in comments_for(call).items()}

    page = client.get("/en/jury/deliberation/").content.decode()
    response = client.post(f"/en/jury/deliberation/{application.public_id}/", data)

    assert application.reference in page
    assert response.status_code == 302
    assert application.consensus.decided_by == member


def test_other_jurors_cannot_deliberate(client):
    _call, (application, *_rest), (member, *_others) = scored_call(1)
    client.force_login(member)

    assert client.get("/en/jury/deliberation/").status_code == 403
    assert client.post(f"/en/jury/deliberation/{application.public_id}/", {}).status_code == 404


def test_a_conflict_declared_after_submission_takes_the_review_out():
    call, (application, *_rest), (member, *_others) = scored_call(1)
    assert call_ranking(call)[0][0].reviews == 1

    conflict_declare(
        application=application, juror=member, conflicted_numbers=[application.sme_enterprise_number]
    )

    row = call_ranking(call)[0][0]
    assert (row.reviews, row.mean) == (0, None)


def test_a_juror_removed_from_the_jury_loses_access_and_their_review_stops_counting(client):
    call, (application, *_rest), (member, *_others) = scored_call(1)
    JuryMember.objects.filter(call=call, user=member).delete()
    client.force_login(member)

    assert client.get(f"/en/jury/{application.public_id}/").status_code == 404
    assert client.get(f"/en/files/{application.attachments.first().public_id}/").status_code == 404


def test_the_president_cannot_deliberate_on_a_conflicted_or_unreviewed_application(client):
    call, (first, second), _members = scored_call(2, jurors_per_application=1)
    president = juror()
    JuryMember.objects.create(call=call, user=president, is_president=True)
    CompanyConflict.objects.create(
        juror=president,
        enterprise_number=first.sme_enterprise_number,
        source="staff",
        recorded_by=staff_member(),
    )
    Review.objects.filter(application=second).update(status="draft", submitted_at=None)

    Assignment.objects.create(application=second, juror=president)
    client.force_login(president)

    page = client.get("/en/jury/deliberation/").content.decode()

    assert first.reference not in page
    assert "Submit your own review of this application first." in page
    assert client.post(f"/en/jury/deliberation/{first.public_id}/", {}).status_code == 404
    assert client.post(f"/en/jury/deliberation/{second.public_id}/", {}).status_code == 404


def test_after_the_freeze_the_page_shows_the_snapshot_not_a_recomputation(client):
    call, _applications, _members = scored_call(1)
    staff = staff_member()
    deliberate_and_freeze(call, staff)
    Criterion.objects.create(call=call, code="late", label_fr="Tard", label_en="Late", weight=Decimal("10"))
    client.force_login(staff)

    page = client.get(f"/en/admin/vouchers/call/{call.pk}/ranking/")
    export = client.get(f"/en/admin/vouchers/call/{call.pk}/ranking/?export=csv").content.decode()

    assert page.context["rows"][0]["mean"] == "70.0"
    assert "1,WECD-2014-001,70.00,70.00,70.00," in export


def test_a_consensus_goes_out_of_date_when_the_reviews_change():
    call, (application, *_rest), (member, *_others) = scored_call(1)
    consensus_record(application=application, actor=staff_member(), comments=comments_for(call))
    review = Review.objects.get(application=application, juror=member)
    review_reopen(review=review, actor=staff_member(), reason="Correction")
    answers = {c.pk: ("5", "Revu", "") for c in Criterion.objects.filter(call=call)}
    review = review_save(application=application, juror=member, answers=answers, overall_comment="Revu")
    review_submit(review=review, juror=member)

    row = call_ranking(call)[0][0]
    assert (row.mean, row.final, row.consensus_stale) == (Decimal("50"), Decimal("70.00"), True)


def test_a_malformed_final_score_is_refused_not_a_crash(client):
    call, (application, *_rest), _members = scored_call(1)
    client.force_login(staff_member())
    data = {f"comment_{code}": text for code, text in comments_for(call).items()}

    response = client.post(
        f"/en/admin/vouchers/call/{call.pk}/ranking/{application.pk}/consensus/",
        {**data, "final_score": "abc"},
    )

    assert response.status_code == 400


@pytest.mark.parametrize("frozen", [False, True])
def test_the_ranking_names_its_criteria_in_french_never_by_code(client, frozen):
    call, _applications, _members = scored_call(1, score="3")
    Criterion.objects.filter(call=call, code="duo").update(minimum=Decimal("4"))
    staff = staff_member()
    if frozen:
        deliberate_and_freeze(call, staff)
    client.force_login(staff)

    html = client.get(f"/admin/vouchers/call/{call.pk}/ranking/").content.decode()

    headers = re.findall(r'<th scope="col" data-criterion="([^"]+)">([^<]+)<br><small>([^<]+)</small>', html)
    assert headers == [
        ("added-value", "Valeur ajoutée créative, au-delà de l’esthétique", "pondération 35 %"),
        ("duo", "Qualité et complémentarité du duo PME – prestataire créatif", "pondération 25 %"),
        (
            "impact",
            "Impact attendu sur les produits, les processus ou le marché de la PME",
            "pondération 25 %",
        ),
        ("feasibility", "Faisabilité, plan de travail et budget", "pondération 15 %"),
    ]
    assert "sous un minimum\u00a0: Qualité et complémentarité du duo PME – prestataire créatif" in html
