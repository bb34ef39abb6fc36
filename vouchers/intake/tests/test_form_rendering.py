"""The form renderer (wecd_portal.core.form_renderer): Django's form templates come
from Jinja2, for speed, and give the same HTML as Django's default renderer; every
other template (the admin's widgets) still comes from the Django template engine."""

import re

import pytest
from django.forms.renderers import DjangoTemplates
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as Jinja2Template

from vouchers.intake.views.applications import EDITABLE_SECTIONS, section_forms
from vouchers.tests.factories import CallFactory, complete_application
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


def nonsense_for(forms, formsets):
    """POST data giving every field of the section a value it refuses (where it can refuse
    one), and one such row in each table: the error templates are rendered too."""
    data = {}
    for formset in formsets:
        data.update({f"{formset.prefix}-TOTAL_FORMS": "1", f"{formset.prefix}-INITIAL_FORMS": "0"})
        for name in formset.empty_form.fields:
            if name != "DELETE":  # a row marked for deletion is not validated
                data[f"{formset.prefix}-0-{name}"] = "not valid %"
    for form in forms:
        for name in form.fields:
            data[form.add_prefix(name)] = "not valid %"
    return data


def compare(forms, formsets):
    """Every widget, every form with its errors and every table's errors, under both
    renderers; returns how many widgets were compared."""
    default = DjangoTemplates()
    compared = 0
    for form in [*forms, *(row for formset in formsets for row in formset.forms)]:
        assert isinstance(form.renderer, FormRenderer)
        for field in form:
            assert rendered_with(form, form.renderer, field.as_widget) == rendered_with(
                form, default, field.as_widget
            ), field.name
            compared += 1
        assert rendered_with(form, form.renderer, form.as_div) == rendered_with(form, default, form.as_div)
    for formset in formsets:
        errors = formset.non_form_errors()
        assert normalised(errors) == normalised(errors.render(renderer=default))
    return compared


@pytest.mark.parametrize("section", EDITABLE_SECTIONS)
def test_every_section_renders_as_with_djangos_default_renderer(section):
    application = complete_application(call=CallFactory(), owner=applicant(), seed=7)
    forms, formsets = section_forms(application, section)

    assert compare(forms, formsets) == sum(len(form.fields) for form in forms) + sum(
        len(row.fields) for formset in formsets for row in formset.forms
    )


@pytest.mark.parametrize("section", EDITABLE_SECTIONS)
def test_every_section_with_its_errors_renders_as_with_djangos_default_renderer(section):
    application = complete_application(call=CallFactory(), owner=applicant(), seed=7)
    forms, formsets = section_forms(application, section, nonsense_for(*section_forms(application, section)))

    valid = [form.is_valid() for form in forms] + [formset.is_valid() for formset in formsets]

    assert not all(valid)
    assert compare(forms, formsets) > 0
    assert (
        sum(len(form.errors) for form in forms)
        + sum(len(row.errors) for formset in formsets for row in formset.forms)
        > 0
    )


def test_djangos_form_templates_come_from_jinja2_and_the_admins_from_django():
    renderer = FormRenderer()

    assert isinstance(renderer.get_template("django/forms/widgets/select.html"), Jinja2Template)
    assert isinstance(renderer.get_template("django/forms/div.html"), Jinja2Template)
    assert isinstance(renderer.get_template("admin/widgets/related_widget_wrapper.html"), DjangoTemplate)
