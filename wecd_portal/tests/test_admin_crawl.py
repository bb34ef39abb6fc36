"""Every staff page of the admin, on the seeded demo, answers without a server error:
each list, each object's change page, each custom page of a call and an application,
and each list action run on the whole list."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from vouchers.models import Application, Call
from wecd_portal.tests.factories import staff_member

# A change page per object would be thousands of pages: the oldest and the newest of
# each model show its shapes (the pilot's and the released call's), and every call and
# application is crawled.
OBJECTS_PER_MODEL = 6
CALL_PAGES = ("ranking", "freeze", "unfreeze", "awards", "release", "vouchers")


def _admin_pages():
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        try:
            changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        except NoReverseMatch:
            continue
        yield model, model_admin, changelist


@pytest.mark.django_db
def test_no_staff_page_nor_action_answers_a_server_error_on_the_demo(client):
    call_command("seed_demo", verbosity=0)
    client.raise_request_exception = False
    client.force_login(staff_member(is_superuser=True))
    errors = []

    def visit(url, data=None):
        response = client.post(url, data) if data is not None else client.get(url)
        if response.status_code >= 500:
            errors.append((response.status_code, "POST" if data is not None else "GET", url, data))
        return response

    for model, model_admin, changelist in _admin_pages():
        visit(changelist)
        opts = model._meta
        queryset = model_admin.get_queryset(_request(client))
        half = OBJECTS_PER_MODEL // 2
        objects = [*queryset.order_by("pk")[:half], *queryset.order_by("-pk")[:half]]
        if model is Application:
            objects = list(Application.objects.all())
        for obj in objects:
            visit(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        if model is Application:
            for obj in objects:
                visit(reverse("admin:vouchers_application_eligibility_decision", args=[obj.pk]))
        pks = [str(pk) for pk in model.objects.values_list("pk", flat=True)[:50]]
        for name in model_admin.get_actions(_request(client)):
            if name == "delete_selected":
                continue  # asks for a confirmation: its page is visited below without confirming
            visit(changelist, {"action": name, "_selected_action": pks, "index": "0"})
        if pks and "delete_selected" in model_admin.get_actions(_request(client)):
            visit(changelist, {"action": "delete_selected", "_selected_action": pks[:1], "index": "0"})
    for call in Call.objects.all():
        for page in CALL_PAGES:
            visit(reverse(f"admin:vouchers_call_{page}", args=[call.pk]))
        for application in call.applications.filter(status="eligible"):
            visit(reverse("admin:vouchers_call_consensus", args=[call.pk, application.pk]))

    assert errors == []


def _request(client):
    """A request of the signed-in staff member, for the admin's queryset and actions."""

    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    return request
