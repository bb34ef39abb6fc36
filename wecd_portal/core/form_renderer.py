"""How forms and widgets are rendered.

Django renders every widget, error list and form layout through a template. With
the Django template engine that is the largest single cost of a form page (30 %
of the project section's time under cProfile: bench/README.md). Django
ships the same templates for Jinja2, which renders a widget about twice as fast:
this renderer takes Django's own form templates (``django/forms/…``) from Jinja2
and every other one (the admin's widgets, any app's) from the Django template
engine, as Django's default renderer does. The HTML is the same but for blank
lines (vouchers/tests/test_form_rendering.py). Renderers are shared by gunicorn's
threads: Jinja2's environment and Django's engine are both thread-safe.
"""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2

DJANGO_FORM_TEMPLATES = "django/forms/"


class FormRenderer(BaseRenderer):
    def __init__(self):
        self.jinja2 = Jinja2()
        self.django_templates = DjangoTemplates()

    def get_template(self, template_name):
        if template_name.startswith(DJANGO_FORM_TEMPLATES):
            return self.jinja2.get_template(template_name)
        return self.django_templates.get_template(template_name)
