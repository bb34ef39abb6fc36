"""The consensus is written with the counted reviews in view: each juror's scores and
comments per criterion, the weighted totals, the mean and the spread, for staff in
the admin and for the president of the jury."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from vouchers.jury.models import Assignment, Criterion, Review
from vouchers.jury.services.deliberation import consensus_record
from vouchers.tests.jury_helpers import assign, comments, eligible, jury_call, review, seat, text
from wecd_portal.tests.factories import staff_member

pytestmark = pytest.mark.django_db


def page(kind, application):
    if kind == "staff":
        return f"/admin/vouchers/call/{application.call_id}/ranking/{application.pk}/consensus/"
    with translation.override("fr"):
        return reverse("jury_consensus", kwargs={"public_id": application.public_id})


def attributes(html, name):
    return re.findall(rf'{name}="([^"]*)"', html)


@pytest.fixture
def deliberation():
    """Three submitted reviews (totals 70, 80 and 50), a draft, and a review that no
    longer counts (its juror lost the assignment)."""
    call = jury_call(jurors_per_application=3)
    application = eligible(call, 1)
    president, second, third, drafting, removed = seat(call, 5, president=True)
    assign(application, president, second, third, drafting, removed)
    review(application, president, score="7")
    review(application, second, score="8")
    review(application, third, score="5")
    review(application, drafting, score="10", submit=False)
    review(application, removed, score="1")
    Assignment.objects.filter(application=application, juror=removed).delete()
    return application, [president, second, third], removed


@pytest.mark.parametrize("kind", ["staff", "president"])
def test_the_counted_reviews_are_shown_beside_the_consensus_form(client, deliberation, kind):
    application, (president, second, third), removed = deliberation
    staff = staff_member()
    client.force_login(staff if kind == "staff" else president)

    html = client.get(page(kind, application)).content.decode()

    assert attributes(html, "data-juror") == [str(president.pk), str(second.pk), str(third.pk)]
    assert attributes(html, "data-total") == ["70.00", "80.00", "50.00"]
    assert attributes(html, "data-mean") == ["66.67"]
    assert attributes(html, "data-spread") == ["30.00"]
    first = Criterion.objects.filter(call=application.call).first()
    row = re.search(rf'<tr data-criterion="{first.code}">(.*?)</tr>', html, flags=re.S).group(1)
    assert attributes(row, "data-score") == ["7.0", "8.0", "5.0"]
    assert text(row).endswith(
        f"7 Commentaire {first.code} 8 Commentaire {first.code} 5 Commentaire {first.code} 6,67"
    )
    assert (
        "Moyenne des totaux : 66,67/100 sur 3 évaluations ; écart (total le plus haut moins le plus bas) : 30,00."
        in text(html)
    )
    assert removed.email not in html and str(removed) not in html
    assert 'name="final_score"' in html


def test_staff_see_the_jurors_names_and_emails(client, deliberation):
    application, jurors, _removed = deliberation
    client.force_login(staff_member())

    html = client.get(page("staff", application)).content.decode()

    headers = re.findall(r'<th scope="col" data-juror="\d+">(.*?)</th>', html)
    assert headers == [f"{juror.get_full_name()}<br><small>{juror.email}</small>" for juror in jurors]


def test_the_president_sees_the_jurors_names(client, deliberation):
    application, jurors, _removed = deliberation
    client.force_login(jurors[0])

    html = client.get(page("president", application)).content.decode()

    headers = re.findall(r'<th scope="col" data-juror="\d+">(.*?)</th>', html)
    assert headers == [juror.get_full_name() for juror in jurors]


@pytest.mark.parametrize("kind", ["staff", "president"])
@pytest.mark.parametrize("count", [1, 3])
def test_the_deliberation_page_query_count_does_not_grow_with_the_reviews(
    client, django_assert_num_queries, kind, count
):
    call = jury_call(jurors_per_application=count)
    application = eligible(call, 1)
    eligible(call, 2)  # another application of the call, read by the ranking's inputs
    members = seat(call, count, president=True)
    assign(application, *members)
    for member in members:
        review(application, member)
    user = staff_member() if kind == "staff" else members[0]
    client.force_login(user)
    url = page(kind, application)

    with django_assert_num_queries(17 if kind == "staff" else 18):
        response = client.get(url)

    assert attributes(response.content.decode(), "data-total") == ["70.00"] * count
    assert Review.objects.filter(application=application, status="submitted").count() == count


def warnings(html):
    return attributes(html, "data-warning")


def list_page():
    with translation.override("fr"):
        return reverse("jury_deliberation")


@pytest.mark.parametrize("kind", ["staff", "president"])
def test_the_consensus_page_says_which_assigned_reviews_are_still_missing(client, deliberation, kind):
    application, (president, _second, _third), _removed = deliberation
    client.force_login(staff_member() if kind == "staff" else president)

    html = client.get(page(kind, application)).content.decode()

    assert warnings(html) == ["reviews_missing"]
    assert (
        "Évaluations manquantes : 3 des 4 évaluations attribuées sont soumises. La moyenne peut encore"
        " changer, et le classement ne pourra être figé que lorsque toutes les évaluations attribuées"
        " seront soumises." in text(html)
    )


@pytest.mark.parametrize("kind", ["staff", "president"])
def test_a_consensus_recorded_before_the_reviews_changed_is_flagged_out_of_date(client, deliberation, kind):
    application, (president, _second, _third), _removed = deliberation
    consensus_record(application=application, actor=president, comments=comments(application.call))
    drafting = Review.objects.get(application=application, status="draft").juror
    review(application, drafting, score="9")  # the last review comes in: the mean moves
    client.force_login(staff_member() if kind == "staff" else president)

    html = client.get(page(kind, application)).content.decode()

    assert warnings(html) == ["consensus_stale"]
    assert "Consensus à revoir : les évaluations ont changé depuis l’enregistrement du consensus." in text(
        html
    )


def test_the_presidents_list_shows_each_consensus_state_and_missing_reviews(client, deliberation):
    application, (president, second, third), _removed = deliberation
    call = application.call
    complete = eligible(call, 2)
    assign(complete, president, second, third)
    for member in (president, second, third):
        review(complete, member)
    client.force_login(president)

    before = client.get(list_page()).content.decode()
    consensus_record(application=complete, actor=president, comments=comments(call))
    consensus_record(application=application, actor=president, comments=comments(call))
    recorded = client.get(list_page()).content.decode()
    drafting = Review.objects.get(application=application, status="draft").juror
    review(application, drafting, score="9")
    stale = client.get(list_page()).content.decode()

    # Ranked by mean: the complete one (70) before the one whose reviews are missing (66.67).
    assert attributes(before, "data-consensus") == ["missing", "missing"]
    assert attributes(before, "data-status") == ["reviews_missing"]
    assert attributes(recorded, "data-consensus") == ["recorded", "recorded"]
    assert attributes(stale, "data-consensus") == ["recorded", "stale"]  # ranked by the final scores
    assert attributes(stale, "data-status") == []
    assert "à revoir" in text(stale) and "enregistré" in text(stale)
    # The reviews submitted out of those expected, and how many are missing.
    assert "3 soumises sur 4 1 manquante" in text(before) and "4 soumises sur 4" in text(stale)


def test_an_application_the_president_has_not_reviewed_shows_neither_its_figures_nor_its_rank(client):
    call = jury_call(jurors_per_application=2)
    president, member = seat(call, 2, president=True)
    top, other = eligible(call, 1), eligible(call, 2)
    assign(top, president, member)
    assign(other, president, member)
    review(top, member, score="9")
    review(other, president, score="5")
    review(other, member, score="5")
    client.force_login(president)

    html = client.get(list_page()).content.decode()

    rows = re.findall(r'<tr data-reference="([^"]+)">\s*<td>([^<]*)</td>', html)
    # The hidden one last, and no rank at all until the president's own reviews are in.
    assert rows == [(other.reference, "–"), (top.reference, "–")]
    assert "Les rangs s’affichent une fois vos propres évaluations soumises." in html


def test_the_presidents_list_tells_missing_reviews_from_jurors_still_to_appoint(client):
    call = jury_call(jurors_per_application=3)
    president, member = seat(call, 2, president=True)
    application = eligible(call, 1)
    assign(application, president, member)
    review(application, president)
    client.force_login(president)

    html = client.get(list_page()).content.decode()

    assert attributes(html, "data-status") == ["reviews_missing", "jurors_short"]
    assert "1 soumise sur 2 1 manquante 1 juré à désigner" in text(html)
