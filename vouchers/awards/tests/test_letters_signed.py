"""Letters a director signs: signatory and sender, the reserve position and threshold,
the consensus, the redress date, the acceptance instruction and the legal citation;
letters that cannot be written are refused and listed for the release preview."""

import datetime as dt
import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from vouchers.awards.models import AwardDecision, Letter
from vouchers.awards.services.letters import de_minimis_regulation, letter_render, letters_blocked
from vouchers.common.correspondence import redress_deadline_text
from vouchers.intake.models import Application, Call
from vouchers.jury.criteria import PILOT_CRITERIA
from vouchers.jury.models import Consensus, Criterion
from vouchers.tests.factories import CallFactory, complete_application
from wecd_portal.notifications.rendering import render_email
from wecd_portal.tests.factories import applicant, staff_member

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
REDRESS = dt.date(2014, 11, 30)


def call_2014(**overrides):
    values = {
        "opens_at": dt.datetime(2014, 6, 16, tzinfo=BRUSSELS),
        "closes_at": dt.datetime(2014, 10, 1, 23, 59, 59, tzinfo=BRUSSELS),
        "execution_start_date": dt.date(2014, 11, 15),
        "execution_end_date": dt.date(2015, 6, 30),
        **overrides,
    }
    call = CallFactory(**values)
    for criterion in PILOT_CRITERIA:
        Criterion.objects.create(call=call, **criterion)
    return call


def decided(
    call,
    seed,
    outcome,
    *,
    language="fr",
    position=None,
    score="70",
    consensus=True,
    redress=REDRESS,
    confirmed=True,
    accept_by=None,
):
    """An eligible application of ``call`` with a decision (and a consensus) as given."""
    staff = staff_member()
    application = complete_application(call=call, owner=applicant(language=language), seed=seed)
    Application.objects.filter(pk=application.pk).update(
        status="eligible",
        reference=f"WECD-2014-{seed:03d}",
        sequence=seed,
        submitted_at=dt.datetime(2014, 9, 1, 12, tzinfo=BRUSSELS),
        redress_deadline=redress,
    )
    awarded = outcome == AwardDecision.Outcome.AWARDED and confirmed
    AwardDecision.objects.create(
        call=call,
        application=application,
        rank=seed,
        proposed_outcome=outcome,
        outcome=outcome,
        reserve_position=position,
        confirmed=confirmed,
        voucher_number=seed if awarded else None,
        voucher_code=f"WECD-V-2014-{seed:02d}" if awarded else None,
        amount=call.voucher_amount if awarded else None,
        accept_by=accept_by,
        decided_by=staff,
    )
    if consensus:
        Consensus.objects.create(
            application=application,
            final_score=Decimal(score),
            comments={
                c.code: f"Avis du jury sur « {c.label_fr} »." for c in Criterion.objects.filter(call=call)
            },
            decided_by=staff,
        )
    return Application.objects.get(pk=application.pk)


def ineligible(call, seed, *, redress=REDRESS):
    application = complete_application(call=call, owner=applicant(), seed=seed)
    Application.objects.filter(pk=application.pk).update(
        status="ineligible",
        reference=f"WECD-2014-{seed:03d}",
        sequence=seed,
        submitted_at=dt.datetime(2014, 9, 1, 12, tzinfo=BRUSSELS),
        redress_deadline=redress,
        decision_reasons={"fr": ["Sièges en Wallonie : non."], "en": ["Sites in Wallonia: no."]},
    )
    return application


def text_of(letter):
    """The letter's text in reading order, without the logo and page footers that the
    extraction places wherever the page ends (inside a sentence)."""
    with letter.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(
        re.sub(r"(WECD\s+Wallonie Design\s+)?Wallonie Design asbl – WECD \d+ / \d+", " ", page.extract_text())
        for page in reader.pages
    )
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


@pytest.mark.parametrize(("score", "reached"), [("55", False), ("60", True)])
def test_reserve_letter_prints_its_position_and_claims_the_threshold_only_when_reached(score, reached):
    call = call_2014(pass_threshold=Decimal("60"))
    reserve = decided(call, 1, AwardDecision.Outcome.RESERVE, position=2, score=score)

    text = text_of(letter_render(application=reserve))

    assert (
        "Il figure en position 2 sur la liste de réserve" in text,
        "None" in text,
        "a atteint le seuil du jury" in text,
        f"Note finale : {score}/100 (seuil : 60/100)." in text,
        "au plus tard le 30 novembre 2014" in text,
    ) == (True, False, reached, True, True)


def test_rejection_letter_and_results_email_give_the_score_comments_and_one_redress_date():
    call = call_2014()
    rejected = decided(call, 1, AwardDecision.Outcome.NOT_SELECTED, score="48.5")

    text = text_of(letter_render(application=rejected))
    email = render_email(
        template="results",
        language="fr",
        context={
            "kind": "rejection",
            "reference": rejected.reference,
            "title": rejected.title,
            "call_name": call.name_fr,
            "url": "https://portal.example/",
            "contact_email": call.sender_email,
            "redress_deadline": "30 novembre 2014",
        },
    )

    redress = "en écrivant à cheques@wallonie-design.example au plus tard le 30 novembre 2014"
    assert "Note finale : 48,50/100 (seuil : 60/100)." in text
    assert "Avis du jury sur « Valeur ajoutée créative, au-delà de l’esthétique »." in text
    assert (redress in text, redress in email.body_text) == (True, True)


def test_the_results_email_of_an_award_gives_no_redress_date():
    email = render_email(
        template="results",
        language="en",
        context={
            "kind": "award",
            "reference": "WECD-2014-001",
            "title": "Coffret",
            "call_name": "Call",
            "url": "https://portal.example/",
            "contact_email": "cheques@wallonie-design.example",
            "redress_deadline": "30 November 2014",
        },
    )

    assert "30 November 2014" not in email.body_text


def test_award_letter_is_signed_with_sender_acceptance_instruction_and_french_citation():
    call = call_2014()
    winner = decided(call, 1, AwardDecision.Outcome.AWARDED)
    with translation.override("fr"):
        url = "http://127.0.0.1:8000" + reverse("application_detail", args=[winner.public_id])

    text = text_of(letter_render(application=winner))

    for expected in (
        "Wallonie Design asbl",
        "Rue de l’Exemple 12 4000 Liège",
        "+32 4 220 00 00",
        "cheques@wallonie-design.example",
        "Claire Fontaine Directrice de Wallonie Design",
        "Acceptez ou refusez le chèque sur le portail, sur la page de votre candidature, "
        "dans les 14 jours suivant la publication des résultats :",
        url,
        "au sens du règlement (UE) n° 1407/2013 de la Commission du 18 décembre 2013 relatif à "
        "l’application des articles 107 et 108 du traité sur le fonctionnement de l’Union "
        "européenne aux aides de minimis (JO L 352 du 24.12.2013, p. 1). Conservez ce courrier",
    ):
        assert expected in text, expected
    assert ("L’équipe chèques créativité" in text, "(EU)" in text) == (False, False)


def test_english_award_letter_gives_the_answer_date_and_the_english_citation():
    call = call_2014()
    winner = decided(call, 1, AwardDecision.Outcome.AWARDED, language="en", accept_by=dt.date(2014, 11, 28))

    text = text_of(letter_render(application=winner))

    assert "Claire Fontaine Director of Wallonie Design" in text
    assert (
        "Accept or decline the voucher on the portal, on your application’s page, no later than 28 November 2014:"
        in text
    )
    assert (
        "within the meaning of Commission Regulation (EU) No 1407/2013 of 18 December 2013 on the application "
        "of Articles 107 and 108 of the Treaty on the Functioning of the European Union to de minimis aid "
        "(OJ L 352, 24.12.2013, p. 1). Keep this letter"
    ) in text


def test_the_regulation_follows_the_year_the_call_opened_in_each_language():
    old = call_2014()
    new = CallFactory(
        opens_at=dt.datetime(2024, 1, 1, tzinfo=BRUSSELS), closes_at=dt.datetime(2024, 3, 1, tzinfo=BRUSSELS)
    )

    assert [de_minimis_regulation(call, language) for call in (old, new) for language in ("fr", "en")] == [
        "règlement (UE) n° 1407/2013 de la Commission du 18 décembre 2013 relatif à l’application des articles "
        "107 et 108 du traité sur le fonctionnement de l’Union européenne aux aides de minimis "
        "(JO L 352 du 24.12.2013, p. 1)",
        "Commission Regulation (EU) No 1407/2013 of 18 December 2013 on the application of Articles 107 and "
        "108 of the Treaty on the Functioning of the European Union to de minimis aid (OJ L 352, 24.12.2013, p. 1)",
        "règlement (UE) 2023/2831 de la Commission du 13 décembre 2023 relatif à l’application des articles "
        "107 et 108 du traité sur le fonctionnement de l’Union européenne aux aides de minimis "
        "(JO L, 2023/2831, 15.12.2023)",
        "Commission Regulation (EU) 2023/2831 of 13 December 2023 on the application of Articles 107 and 108 "
        "of the Treaty on the Functioning of the European Union to de minimis aid (OJ L, 2023/2831, 15.12.2023)",
    ]


@pytest.mark.parametrize(
    ("outcome", "options", "code", "message"),
    [
        (
            AwardDecision.Outcome.NOT_SELECTED,
            {"consensus": False},
            "no_consensus",
            "No consensus is recorded for WECD-2014-001: record the jury’s final score and comments first.",
        ),
        (
            AwardDecision.Outcome.RESERVE,
            {"consensus": False, "position": 1},
            "no_consensus",
            "No consensus is recorded for WECD-2014-001: record the jury’s final score and comments first.",
        ),
        (
            AwardDecision.Outcome.RESERVE,
            {"position": None},
            "no_reserve_position",
            "WECD-2014-001 is on the reserve list without a position.",
        ),
        (
            AwardDecision.Outcome.NOT_SELECTED,
            {"redress": None},
            "no_redress_deadline",
            "WECD-2014-001 has no date until which the decision may be contested.",
        ),
    ],
)
def test_a_letter_missing_a_fact_is_refused(english, outcome, options, code, message):
    application = decided(call_2014(), 1, outcome, **options)

    with pytest.raises(ValidationError) as error:
        letter_render(application=application)

    assert (error.value.code, error.value.messages, Letter.objects.count()) == (code, [message], 0)


@pytest.mark.parametrize(
    ("field", "code", "message"),
    [
        (
            "signatory_name",
            "no_signatory",
            "The call “Letters call” names no signatory for its letters (section “Letters” of the call).",
        ),
        (
            "sender_address",
            "no_sender_address",
            "The call “Letters call” has no sender’s address for its letters (section “Letters” of the call).",
        ),
    ],
)
def test_no_letter_without_a_signatory_or_a_sender_address(english, field, code, message):
    call = call_2014(name_en="Letters call", **{field: ""})
    winner = decided(call, 1, AwardDecision.Outcome.AWARDED)

    with pytest.raises(ValidationError) as error:
        letter_render(application=winner)

    assert (error.value.code, error.value.messages, Letter.objects.count()) == (code, [message], 0)


def test_letters_blocked_lists_exactly_the_letters_that_cannot_be_written(english):
    call = call_2014()
    decided(call, 1, AwardDecision.Outcome.AWARDED)
    decided(call, 2, AwardDecision.Outcome.NOT_SELECTED, consensus=False)
    decided(call, 3, AwardDecision.Outcome.RESERVE, position=None)
    decided(call, 4, AwardDecision.Outcome.NOT_SELECTED, redress=None)
    decided(call, 5, AwardDecision.Outcome.RESERVE, position=1)
    decided(call, 6, AwardDecision.Outcome.NOT_SELECTED, consensus=False, confirmed=False)  # not decided yet
    ineligible(call, 7)
    ineligible(call, 8, redress=None)
    decided(call_2014(slug="other-call"), 9, AwardDecision.Outcome.NOT_SELECTED, consensus=False)

    assert letters_blocked(call) == [
        (
            "WECD-2014-002",
            "No consensus is recorded for WECD-2014-002: record the jury’s final score and comments first.",
        ),
        ("WECD-2014-003", "WECD-2014-003 is on the reserve list without a position."),
        ("WECD-2014-004", "WECD-2014-004 has no date until which the decision may be contested."),
        ("WECD-2014-008", "WECD-2014-008 has no date until which the decision may be contested."),
    ]


def test_letters_blocked_lists_every_decided_application_of_a_call_without_signatory(english):
    call = call_2014(name_en="Letters call")
    decided(call, 1, AwardDecision.Outcome.AWARDED)
    ineligible(call, 2)
    Call.objects.filter(pk=call.pk).update(signatory_name="", sender_address=" \n ")
    reason = (
        "The call “Letters call” names no signatory for its letters (section “Letters” of the call). "
        "The call “Letters call” has no sender’s address for its letters (section “Letters” of the call)."
    )

    assert letters_blocked(call) == [("WECD-2014-001", reason), ("WECD-2014-002", reason)]


def test_the_redress_date_is_written_as_the_language_writes_a_date():
    application = decided(call_2014(), 1, AwardDecision.Outcome.NOT_SELECTED)

    with translation.override("fr"):
        french = redress_deadline_text(application)
    with translation.override("en"):
        english = redress_deadline_text(application)

    assert (french, english) == ("30 novembre 2014", "30 November 2014")


def test_staff_set_the_signatory_and_sender_in_the_calls_letters_section(client):
    call = call_2014()
    client.force_login(staff_member())

    html = client.get(f"/admin/vouchers/call/{call.pk}/change/").content.decode()

    fields = ("signatory_name", "signatory_title_fr", "signatory_title_en", "sender_address", "sender_phone")
    assert [f'name="{name}"' in html for name in (*fields, "sender_email")] == [True] * 6
    assert ">Courriers</h2>" in html


def test_the_letter_admin_names_the_language_never_its_code(client):
    call = call_2014()
    letter = letter_render(application=decided(call, 1, AwardDecision.Outcome.AWARDED))
    client.force_login(staff_member())

    html = client.get(f"/admin/vouchers/letter/{letter.pk}/change/").content.decode()

    language = re.search(r'<div class="readonly">([^<]*)</div>', html.split("field-language")[1]).group(1)
    assert (language, "Télécharger le PDF" in html) == ("Français", True)


@pytest.mark.parametrize(("language", "name"), [("fr", "courrier-d-octroi"), ("en", "award-letter")])
def test_a_letter_is_downloaded_under_a_name_in_its_own_language(client, language, name):
    call = call_2014()
    winner = decided(call, 1, AwardDecision.Outcome.AWARDED)
    winner.owner.language = language
    winner.owner.save()
    letter = letter_render(application=winner)
    client.force_login(staff_member())

    response = client.get(f"/en/letters/{letter.pk}/")

    assert response["Content-Disposition"] == f'attachment; filename="{winner.reference}-{name}.pdf"'
