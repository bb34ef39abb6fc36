"""Scores and final scores round-trip in French: the inputs show them as French
writes them (6,5; 75 rather than 75,00), a comma or a dot is accepted, a wrong number is refused next to its field and in the
summary, and re-saving a page with only a comment changed keeps every number."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from vouchers.jury.models import Consensus, Criterion, Score
from vouchers.jury.services.deliberation import consensus_record
from vouchers.jury.services.reviews import review_save
from vouchers.tests.jury_helpers import (
    answers,
    assign,
    comments,
    eligible,
    form_data,
    freeze,
    inputs,
    jury_call,
    review,
    seat,
    text,
)
from wecd_portal.tests.factories import staff_member

pytestmark = pytest.mark.django_db


def url(name, language="fr", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def drafted():
    """A juror's draft review: 6.5 on the first criterion, 7 on the others."""
    call = jury_call()
    application = eligible(call, 1)
    (member,) = seat(call)
    assign(application, member)
    review(application, member, submit=False)
    first, *_others = Criterion.objects.filter(call=call)
    Score.objects.filter(review__juror=member, criterion=first).update(value=Decimal("6.5"))
    return call, application, member, first


def test_the_review_page_in_french_shows_a_stored_half_point_with_a_comma(client, drafted):
    call, application, member, first = drafted
    client.force_login(member)

    html = client.get(url("jury_review", public_id=application.public_id)).content.decode()

    score = inputs(html)[f"score_{first.pk}"]
    assert (score["type"], score["value"], score["inputmode"]) == ("text", "6,5", "decimal")
    others = [inputs(html)[f"score_{c.pk}"]["value"] for c in Criterion.objects.filter(call=call)[1:]]
    assert others == ["7"] * len(others)


def test_re_saving_the_review_with_only_a_comment_changed_keeps_every_score(client, drafted):
    call, application, member, first = drafted
    client.force_login(member)
    page = url("jury_review", public_id=application.public_id)
    data = form_data(client.get(page).content.decode())
    data[f"comment_{first.pk}"] = "Commentaire revu."

    response = client.post(page, {**data, "save": ""})

    assert response.status_code == 302
    stored = {s.criterion_id: (s.value, s.comment) for s in Score.objects.filter(review__juror=member)}
    assert stored[first.pk] == (Decimal("6.5"), "Commentaire revu.")
    assert [stored[c.pk][0] for c in Criterion.objects.filter(call=call)[1:]] == [Decimal("7.0")] * (
        len(stored) - 1
    )


def test_a_score_typed_with_a_french_comma_is_saved(client, drafted):
    _call, application, member, first = drafted
    client.force_login(member)
    page = url("jury_review", public_id=application.public_id)
    data = form_data(client.get(page).content.decode())
    data[f"score_{first.pk}"] = "8,5"

    client.post(page, {**data, "save": ""})

    assert Score.objects.get(review__juror=member, criterion=first).value == Decimal("8.5")


def test_wrong_scores_show_next_to_their_field_and_in_the_summary_in_french(client, drafted):
    call, application, member, first = drafted
    _first, second, third, fourth = Criterion.objects.filter(call=call)
    client.force_login(member)
    page = url("jury_review", public_id=application.public_id)
    data = form_data(client.get(page).content.decode())
    data.update(
        {
            f"score_{first.pk}": "NaN",
            f"score_{second.pk}": "11",
            f"score_{third.pk}": "1e1",  # an exponent is not how anyone writes a score
            f"score_{fourth.pk}": "7,3",
            f"comment_{first.pk}": "Texte tapé à garder",
        }
    )

    response = client.post(page, {**data, "save": ""})

    html = response.content.decode()
    assert response.status_code == 400
    not_a_number = "Saisissez un nombre, par exemple 6,5."
    out_of_range = "La note doit être comprise entre 0 et 10, par paliers de 0,5."
    summary = html[html.index('id="error-summary"') : html.index("</ul>", html.index('id="error-summary"'))]
    assert f'<a href="#score_{first.pk}">{first.label_fr} – Note</a>\xa0: {not_a_number}' in summary
    assert f'<a href="#score_{second.pk}">{second.label_fr} – Note</a>\xa0: {out_of_range}' in summary
    assert html.count(not_a_number) == 4  # the summary and the field, for NaN and 1e1
    assert html.count(out_of_range) == 4  # 11, and 7,3 off the half points
    assert "Texte tapé à garder" in html
    # What was typed comes back as typed.
    assert [inputs(html)[f"score_{c.pk}"]["value"] for c in (second, third, fourth)] == ["11", "1e1", "7,3"]
    assert Score.objects.get(review__juror=member, criterion=first).value == Decimal("6.5")


def test_a_score_that_is_not_a_finite_number_is_refused_by_the_service(drafted, english):
    call, application, member, first = drafted
    count = Criterion.objects.filter(call=call).count()

    for raw in ("NaN", "Infinity", "-inf", "sept"):
        with pytest.raises(ValidationError) as error:
            review_save(
                application=application, juror=member, answers=answers(call, raw), overall_comment="x"
            )
        assert len(error.value.messages) == count
        assert error.value.messages[0] == f"{first.label_en}: “{raw}” is not a number."
    assert Score.objects.get(review__juror=member, criterion=first).value == Decimal("6.5")


@pytest.fixture
def deliberated():
    """Three submitted reviews (mean 70), a president, and staff."""
    call = jury_call(jurors_per_application=3)
    application = eligible(call, 1)
    members = seat(call, 3, president=True)
    assign(application, *members)
    for member in members:
        review(application, member)
    return call, application, members[0], staff_member()


def consensus_page(kind, call, application):
    if kind == "staff":
        return f"/admin/vouchers/call/{call.pk}/ranking/{application.pk}/consensus/"
    return url("jury_consensus", public_id=application.public_id)


@pytest.mark.parametrize("kind", ["staff", "president"])
@pytest.mark.parametrize(("final", "shown"), [("75", "75"), ("72.5", "72,5"), ("100", "100")])
def test_the_consensus_page_in_french_shows_the_stored_final_score(client, deliberated, kind, final, shown):
    call, application, president, staff = deliberated
    consensus_record(
        application=application,
        actor=staff,
        comments=comments(call),
        final_score=final,
        justification="Le jury retient l’impact.",
    )
    client.force_login(staff if kind == "staff" else president)

    html = client.get(consensus_page(kind, call, application)).content.decode()

    final_score = inputs(html)["final_score"]
    assert (final_score["type"], final_score["value"], final_score["inputmode"]) == ("text", shown, "decimal")


@pytest.mark.parametrize("kind", ["staff", "president"])
def test_re_saving_the_consensus_with_only_a_comment_changed_keeps_the_final_score(client, deliberated, kind):
    call, application, president, staff = deliberated
    consensus_record(
        application=application,
        actor=staff,
        comments=comments(call),
        final_score="75",
        justification="Le jury retient l’impact.",
    )
    client.force_login(staff if kind == "staff" else president)
    page = consensus_page(kind, call, application)
    data = form_data(client.get(page).content.decode())
    code = Criterion.objects.filter(call=call).first().code
    data[f"comment_{code}"] = "Commentaire revu pour le candidat."

    response = client.post(page, data)

    assert response.status_code == 302
    consensus = Consensus.objects.get(application=application)
    assert (consensus.final_score, consensus.justification, consensus.comments[code]) == (
        Decimal("75.00"),
        "Le jury retient l’impact.",
        "Commentaire revu pour le candidat.",
    )


def test_an_empty_final_score_is_the_mean_and_a_french_comma_is_accepted(client, deliberated):
    call, application, _president, staff = deliberated
    client.force_login(staff)
    page = consensus_page("staff", call, application)
    data = {f"comment_{code}": text for code, text in comments(call).items()}

    client.post(page, {**data, "final_score": ""})
    as_mean = Consensus.objects.get(application=application).final_score
    client.post(page, {**data, "final_score": "72,5", "justification": "Débat du jury."})

    assert (as_mean, Consensus.objects.get(application=application).final_score) == (
        Decimal("70.00"),
        Decimal("72.50"),
    )


@pytest.mark.parametrize("kind", ["staff", "president"])
def test_consensus_errors_show_next_to_their_field_and_in_the_summary_in_french(client, deliberated, kind):
    call, application, president, staff = deliberated
    client.force_login(staff if kind == "staff" else president)
    page = consensus_page(kind, call, application)
    criteria = list(Criterion.objects.filter(call=call))
    typed = {f"comment_{c.code}": f"Tapé {c.code}" for c in criteria[1:]}

    wrong = client.post(page, {**typed, "final_score": "soixante"})
    refused = client.post(page, {**typed, "final_score": "75"})

    html = wrong.content.decode()
    assert wrong.status_code == 400
    # A wrong score and a missing comment show together, each by its field and in the summary.
    assert (
        html.count("Saisissez un nombre, par exemple 72,5."),
        html.count("Rédigez le commentaire destiné au candidat pour ce critère."),
        html.count(f'href="#comment_{criteria[0].code}"'),
    ) == (2, 2, 1)
    assert inputs(html)["final_score"]["value"] == "soixante"
    assert all(text in html for text in typed.values())
    html = refused.content.decode()
    assert refused.status_code == 400
    # The service's refusals, by field: the justification (not the mean) and the comment.
    assert (
        html.count("Une note finale différente de la moyenne (70,00) doit être justifiée."),
        html.count("Rédigez le commentaire destiné au candidat pour ce critère."),
    ) == (2, 2)
    assert inputs(html)["final_score"]["value"] == "75"
    assert Consensus.objects.filter(application=application).exists() is False


def test_once_the_ranking_is_frozen_the_review_is_shown_read_only(client, drafted):
    call, application, member, first = drafted
    freeze(call)
    client.force_login(member)
    page = url("jury_review", public_id=application.public_id)
    data = form_data(client.get(page).content.decode())

    html = client.get(page).content.decode()
    response = client.post(page, {**data, f"score_{first.pk}": "9", "save": ""})

    assert "Le classement de cet appel est figé\u00a0: les évaluations sont closes." in html
    assert ("disabled" in inputs(html)[f"score_{first.pk}"], inputs(html)[f"score_{first.pk}"]["value"]) == (
        True,
        "6,5",
    )
    assert 'name="save"' not in html
    assert response.status_code == 200
    assert Score.objects.get(review__juror=member, criterion=first).value == Decimal("6.5")


def test_an_incomplete_review_names_each_missing_point_once_by_its_criterion(client, drafted):
    _call, application, member, first = drafted
    client.force_login(member)
    page = url("jury_review", public_id=application.public_id)
    data = form_data(client.get(page).content.decode())
    data[f"comment_{first.pk}"] = ""

    html = client.post(page, {**data, "submit": ""}).content.decode()

    summary = html[html.index('id="error-summary"') : html.index("</ul>", html.index('id="error-summary"'))]
    assert (
        f'<a href="#comment_{first.pk}">{first.label_fr} – Commentaire</a>\xa0: Ajoutez un commentaire.'
        in summary
    )
    assert html.count(f"{first.label_fr}\xa0: ajoutez un commentaire.") == 0
    assert "Justification (obligatoire pour une note de 0 ou de 10)" in html


@pytest.mark.parametrize(("due", "warned"), [(dt.date(2014, 11, 7), True), (None, False)])
def test_a_review_past_its_due_date_says_so_and_is_still_taken(client, drafted, due, warned):
    call, application, member, first = drafted
    type(call).objects.filter(pk=call.pk).update(review_due_date=due)
    client.force_login(member)
    page = url("jury_review", public_id=application.public_id)

    html = client.get(page).content.decode()
    data = form_data(html)
    saved = client.post(page, {**data, f"score_{first.pk}": "8", "save": ""})

    notice = (
        "Les évaluations étaient à remettre au plus tard le 7 novembre 2014. La vôtre est encore acceptée"
        " tant que le classement n’est pas figé : soumettez-la dès que possible."  # text() folds the no-break space
    )
    assert (notice in text(html), saved.status_code) == (warned, 302)
    assert Score.objects.get(review__juror=member, criterion=first).value == Decimal("8")
