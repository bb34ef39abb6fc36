import datetime as dt
import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from wecd_portal.documents import STATIC_BASE, StaticFilesOnlyFetcher, render_pdf


def pdf_text(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def letter_context(**overrides):
    context = {
        "subject": "Votre demande de chèque créativité",
        "reference": "WECD-2014-007",
        "letter_date": dt.date(2014, 11, 14),
        "recipient_lines": ["Atelier Dupont sprl", "Rue de la Station 12", "4000 Liège"],
    }
    context.update(overrides)
    return context


def test_render_pdf_makes_a_letter_whose_text_reads_back():
    with translation.override("fr"):
        pdf = render_pdf("pdf/base_letter.html", letter_context())

    pages, text = pdf_text(pdf)
    assert pdf.startswith(b"%PDF-")
    assert pages == 1
    assert "Wallonie Design asbl" in text
    assert "Notre référence\u00a0: WECD-2014-007" in text
    assert "Liège, 14 novembre 2014" in text
    assert "Votre demande de chèque créativité" in text
    assert "Atelier Dupont sprl" in text
    assert "1 / 1" in text


def test_render_pdf_in_english_uses_english_dates_and_words():
    with translation.override("en"):
        _, text = pdf_text(render_pdf("pdf/base_letter.html", letter_context(subject="Your voucher")))

    assert "Our reference: WECD-2014-007" in text
    assert "Liège, 14 November 2014" in text
    assert "Yours sincerely," in text


def test_markup_typed_by_an_applicant_prints_as_text():
    _, text = pdf_text(
        render_pdf(
            "pdf/base_letter.html",
            letter_context(subject='<img src="file:///etc/passwd">Projet <b>X</b>'),
        )
    )

    assert '<img src="file:///etc/passwd">Projet <b>X</b>' in text


def test_fetcher_serves_project_static_files():
    response = StaticFilesOnlyFetcher().fetch(f"{STATIC_BASE}/static/css/letter.css")

    assert response.content_type == "text/css"
    assert b"@page" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:6379/",
        "https://example.org/static/css/letter.css",
        f"{STATIC_BASE}/static/../settings/base.py",
        f"{STATIC_BASE}/static/no-such-file.css",
        f"{STATIC_BASE}/private/outbox/letter.pdf",
    ],
)
def test_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(ValueError):
        StaticFilesOnlyFetcher().fetch(url)
