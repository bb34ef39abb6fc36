"""Active content in a PDF: what makes a reader run something when a juror opens it.

Every object of the file is read through pypdf, including those packed in object
streams and with their names' ``#xx`` escapes decoded (a byte search would miss
``/J#61vaScript`` or a compressed action). Refused:

- actions that run code or open something outside the document: JavaScript,
  Launch, ImportData, RichMediaExecute, SubmitForm (a ``/S`` of these, or a ``/JS``);
- embedded files (``/EmbeddedFiles``, ``/EmbeddedFile``, a file specification with
  ``/EF``) and XFA forms (``/XFA``, scripts of their own);
- anything after the last ``%%EOF`` but white space (an HTML page appended to a
  valid PDF is read as HTML by a browser that sniffs).

Links (``/URI``), "open at page 1" (``/OpenAction`` with ``/GoTo``) and forms without
scripts stay: office exports carry them.
"""

import re

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute", "/SubmitForm"}
ACTIVE_KEYS = {"/JS", "/EmbeddedFiles", "/XFA", "/EF", "/RichMedia"}
ACTIVE_TYPES = {"/EmbeddedFile"}


# The same names searched in the raw bytes too, their #xx escapes decoded: a second
# net for an object pypdf cannot read but another reader might.
RAW_ACTIVE_NAMES = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|XFA|RichMedia)(?![A-Za-z0-9])")
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def raw_active_name(content):
    match = RAW_ACTIVE_NAMES.search(NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), content))
    return match.group().decode() if match else None


def trailing_bytes_after_eof(content):
    """The bytes after the last ``%%EOF`` once white space is stripped."""
    end = content.rfind(b"%%EOF")
    return b"" if end == -1 else content[end + 5 :].strip(b" \t\r\n\x00\x0c")


def _object_ids(reader):
    """Every object the file declares: in its cross-reference tables (by generation)
    and in its object streams."""
    ids = {(number, generation) for generation, entries in reader.xref.items() for number in entries}
    ids.update((number, 0) for number in reader.xref_objStm)
    return sorted(ids)


def _active_in(value):
    """The first active construct found in ``value`` (a pypdf object), or None."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            continue  # every indirect object is visited on its own
        if isinstance(item, DictionaryObject):
            for key in item:
                if key in ACTIVE_KEYS:
                    return key
            if item.get("/S") in ACTIVE_ACTIONS:
                return str(item["/S"])
            if item.get("/Type") in ACTIVE_TYPES:
                return str(item["/Type"])
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, NameObject):
            continue
    return None


def active_content(reader, content):
    """What makes the PDF active (e.g. "/JavaScript", "data after %%EOF"), or None."""
    if trailing_bytes_after_eof(content):
        return "data after %%EOF"
    raw = raw_active_name(content)
    if raw:
        return raw
    for number, generation in _object_ids(reader):
        try:
            value = reader.get_object(IndirectObject(number, generation, reader))
        except Exception:  # noqa: S112  (an unreadable object is not active; the page check judges the file)
            continue
        found = _active_in(value)
        if found:
            return found
    return _active_in(reader.trailer)
