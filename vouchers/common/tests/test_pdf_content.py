"""PDFs with active content are refused with a clear message; ordinary office
exports (links, "open at page 1") are kept."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from vouchers.common.uploads import PDF, inspect_upload

ACTIVE = (
    "Ce PDF contient du contenu actif (un script, un fichier incorporé ou une action qui ouvre un "
    "programme), que le lecteur PDF des jurés exécuterait. Imprimez-le à nouveau en PDF "
    "(«\u00a0Imprimer\u00a0» puis «\u00a0Enregistrer au format PDF\u00a0») et envoyez cette copie."
)


def written(writer):
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def one_page():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def with_open_action(action):
    writer = one_page()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(DictionaryObject(action))
    return written(writer)


def with_javascript():
    return with_open_action(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1);")}
    )


def with_launch():
    return with_open_action(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("C:\\Windows\\calc.exe")}
    )


def with_embedded_file():
    writer = one_page()
    writer.add_attachment("facture.exe", b"MZ\x90\x00 not really a program")
    return written(writer)


def with_html_after_eof():
    return written(one_page()) + b"\n<html><body><script>alert(1)</script></body></html>\n"


def with_escaped_name():
    # "/J#61vaScript" is "/JavaScript" to a PDF reader.
    escaped = with_javascript().replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    assert b"/JavaScript" not in escaped and b"/JS" not in escaped
    return escaped


@pytest.fixture(autouse=True)
def _no_scanner(settings):
    """The check stands on its own: ClamAV's heuristics catch some of these files too,
    and would answer first."""
    settings.WECD_CLAMD_URL = ""


def refusal(content):
    with translation.override("fr"):
        with pytest.raises(ValidationError) as error:
            inspect_upload(SimpleUploadedFile("devis.pdf", content, content_type=PDF), allowed=(PDF,))
        return error.value.code, error.value.messages


@pytest.mark.parametrize(
    "content",
    [with_javascript, with_launch, with_embedded_file, with_html_after_eof, with_escaped_name],
    ids=["javascript", "launch", "embedded-file", "html-after-eof", "escaped-name"],
)
def test_an_active_pdf_is_refused_with_a_clear_message(content):
    assert refusal(content()) == ("pdf_active", [ACTIVE])


def test_a_pdf_opening_at_its_first_page_with_a_link_is_kept():
    writer = one_page()
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [writer.pages[0].indirect_reference, NameObject("/Fit")]
    )
    writer.add_uri(0, "https://www.wallonie-design.be/", [50, 50, 200, 80])
    content = written(writer)

    inspected = inspect_upload(SimpleUploadedFile("devis.pdf", content, content_type=PDF), allowed=(PDF,))

    assert (inspected.content_type, inspected.size) == (PDF, len(content))
