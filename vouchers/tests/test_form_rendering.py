"""The form renderer (wecd_portal.core.form_renderer): Django's form templates come
from Jinja2, for speed, and give the same HTML as Django's default renderer; every
other template (the admin's widgets) still comes from the Django template engine."""

import re

import pytest
from django.forms.renderers import DjangoTemplates
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as Jinja2Template

from vouchers.demo import complete_application
from vouchers.tests.factories import CallFactory
from vouchers.views.applications import EDITABLE_SECTIONS, section_forms
from wecd_portal.core.form_renderer import FormRenderer
from wecd_portal.tests.factories import applicant

pytestmark = pytest.mark.django_db


def normalised(html):
    """The Django templates leave blank lines between a select's options; Jinja2 does not."""
    return re.sub(r">\s+<", "><", str(html)).strip()


def rendered_with(form, renderer, render):
    current, form.renderer = form.renderer, renderer
    try:
        return normalised(render())
    finally:
        form.renderer = current


@pytest.mark.parametrize("section", EDITABLE_SECTIONS)
def test_every_section_renders_as_with_djangos_default_renderer(section):
    application = complete_application(call=CallFactory(), owner=applicant(), seed=7)
    forms, formsets = section_forms(application, section)
    rows = [row for formset in formsets for row in formset.forms]
    default = DjangoTemplates()
    compared = 0

    for form in [*forms, *rows]:
        assert isinstance(form.renderer, FormRenderer)
        for field in form:
            ours = rendered_with(form, form.renderer, field.as_widget)
            assert ours == rendered_with(form, default, field.as_widget), field.name
            compared += 1
        assert rendered_with(form, form.renderer, form.as_div) == rendered_with(form, default, form.as_div)

    assert compared == sum(len(form.fields) for form in [*forms, *rows])
    assert compared > 0


def test_djangos_form_templates_come_from_jinja2_and_the_admins_from_django():
    renderer = FormRenderer()

    assert isinstance(renderer.get_template("django/forms/widgets/select.html"), Jinja2Template)
    assert isinstance(renderer.get_template("django/forms/div.html"), Jinja2Template)
    assert isinstance(renderer.get_template("admin/widgets/related_widget_wrapper.html"), DjangoTemplate)
