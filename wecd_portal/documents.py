"""Render a template to PDF with WeasyPrint: the one place letters are made.

The URL fetcher reads the project's static files and nothing else, so a letter can
never fetch a remote resource or a local file outside static/, whatever an applicant
typed into a field that reaches the template (templates are autoescaped).
"""

import mimetypes
import threading
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in letters resolve against this base; only it is ever fetched.
STATIC_BASE = "https://letters.wecd.invalid"


def collected_static_file(name):
    """The collected file of ``name`` (production: {% static %} gives the manifest's
    hashed name, ``letter.41fb54b01c54.css``, which only collectstatic's copy has)."""
    try:
        return staticfiles_storage.path(name) if staticfiles_storage.exists(name) else None
    except NotImplementedError:  # a storage without local paths
        return None


class StaticFilesOnlyFetcher(URLFetcher):
    """Serve ``/static/...`` from the static finders; refuse every other URL."""

    def fetch(self, url, headers=None):
        prefix = STATIC_BASE + settings.STATIC_URL
        if not url.startswith(prefix):
            raise ValueError(f"letters may only load static files, not {url!r}")
        relative = url[len(prefix) :].split("?")[0].split("#")[0]
        if ".." in Path(relative).parts:
            raise ValueError(f"refused path {relative!r}")
        found = finders.find(relative) or collected_static_file(relative)
        if not found:
            raise ValueError(f"no static file {relative!r}")
        mime_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=Path(found).read_bytes(), headers={"Content-Type": mime_type})


_per_thread = threading.local()


def font_configuration():
    """This thread's font configuration, built once: WeasyPrint would otherwise build
    one per document (about a fifth of a receipt's rendering). The letters declare no
    @font-face, so it holds only the system's fonts and never changes."""
    if not hasattr(_per_thread, "fonts"):
        _per_thread.fonts = FontConfiguration()
    return _per_thread.fonts


def image_cache():
    """This thread's cache of the images letters load: only static files (the logo),
    so parsed once instead of once per document."""
    if not hasattr(_per_thread, "images"):
        _per_thread.images = {}
    return _per_thread.images


def render_pdf(template, context):
    """Render ``template`` (a Django template extending pdf/base_letter.html) to PDF
    bytes. Pure: no file written, nothing sent."""
    return html_to_pdf(render_letter_html(template, context))


def render_letter_html(template, context):
    """The HTML a PDF is laid out from: what the document says, whatever the fonts
    or WeasyPrint's version (letters compare it to know whether they changed)."""
    return render_to_string(template, {"letter_place": settings.WECD_LETTER_PLACE, **context})


def html_to_pdf(html):
    """Lay ``html`` out as PDF bytes with WeasyPrint (static files only)."""
    document = HTML(string=html, base_url=STATIC_BASE + "/", url_fetcher=StaticFilesOnlyFetcher())
    return document.write_pdf(font_config=font_configuration(), cache=image_cache())
