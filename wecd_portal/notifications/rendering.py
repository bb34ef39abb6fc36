"""Email templates per language: emails/<template>/{subject,body}.<lang>.{txt,html}.

A language-neutral file (subject.txt, body.txt, body.html) is the fallback; it is
rendered with the message's language active, so its {% translate %} tags work.
"""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.template import Context, Engine, TemplateDoesNotExist
from django.template.backends.django import get_installed_libraries
from django.template.loader import render_to_string, select_template
from django.utils import translation


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body_text: str
    body_html: str


def _candidates(template, part, language, extension):
    return [f"emails/{template}/{part}.{language}.{extension}", f"emails/{template}/{part}.{extension}"]


@cache
def text_engine():
    """The project's templates without HTML autoescaping, for subjects and text bodies:
    `Dupont & Fils` must not arrive as `Dupont &amp; Fils`."""
    return Engine(
        dirs=[str(path) for path in settings.TEMPLATES[0]["DIRS"]],
        app_dirs=True,
        autoescape=False,
        libraries=dict(get_installed_libraries()),
    )


def render_email(*, template, language, context):
    """Render subject, text and (optional) HTML of ``template`` in ``language``."""
    with translation.override(language):
        engine = text_engine()
        subject_template = engine.select_template(_candidates(template, "subject", language, "txt"))
        text_template = engine.select_template(_candidates(template, "body", language, "txt"))
        subject = " ".join(subject_template.render(Context(context, autoescape=False)).split())
        body_text = text_template.render(Context(context, autoescape=False))
        try:
            html_template = select_template(_candidates(template, "body", language, "html"))
        except TemplateDoesNotExist:
            body_html = ""
        else:
            body_html = html_template.render(context)
    return RenderedEmail(subject=subject, body_text=body_text, body_html=body_html)


def render_email_preview(message):
    """What staff see in the admin before or after sending: the stored rendering."""
    return render_to_string(
        "emails/_preview.html", {"message": message, "attachments": message.attachments.all()}
    )
