"""Every URL of the project (the admin has its own checks) against every role.

A new URL pattern without a row in MATRIX fails ``test_every_url_pattern_is_in_the_matrix``:
whoever adds a page says who may open it.
"""

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from clusters.services import action_file_add
from clusters.tests.fixtures import action, at, organisation
from vouchers.follow_up.services.drafts import follow_up_file_add
from vouchers.models import Application, Assignment, CompanyConflict, ConflictDeclaration, Letter
from vouchers.tests.factories import pdf_bytes
from vouchers.tests.follow_up_helpers import accepted_voucher, pdf_upload
from wecd_portal.accounts.roles import CLUSTERS_PERMISSIONS, STAFF_PERMISSIONS
from wecd_portal.tests.factories import applicant, cluster_liaison, juror, staff_member

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "applicant_a",
    "applicant_b",
    "juror_assigned",
    "juror_unassigned",
    "juror_conflicted",
    "liaison",
    "staff",
)
LOGIN = 302  # to the sign-in page (or, signed in, away from a page for visitors)


def row(anonymous, a, b, assigned, unassigned, conflicted, liaison, staff):
    return dict(zip(ROLES, (anonymous, a, b, assigned, unassigned, conflicted, liaison, staff), strict=True))


def everyone(code):
    return row(*[code] * 8)


def signed_in(code, anonymous=LOGIN):
    return row(anonymous, *[code] * 7)


OWNER_ONLY = row(LOGIN, 200, 404, 404, 404, 404, 404, 404)
OWNER_OR_STAFF = row(LOGIN, 200, 404, 404, 404, 404, 404, 200)
CLUSTERS = row(LOGIN, 403, 403, 403, 403, 403, 200, 200)
JURY = row(LOGIN, 403, 403, 200, 200, 200, 403, 403)

MATRIX = {
    "healthz": everyone(200),
    "ping": everyone(200),
    "home": everyone(200),
    "call_rules": everyone(200),
    "faq": everyone(200),
    "results": everyone(200),
    "legal_notice": everyone(200),
    "privacy_notice": everyone(200),
    "accessibility": everyone(200),
    "application_dashboard": signed_in(200),
    "my_data": signed_in(200),
    "application_start": signed_in(405),
    "application_detail": OWNER_ONLY,
    "application_attachments": row(LOGIN, 302, 404, 404, 404, 404, 404, 404),
    "application_attachment_delete": row(LOGIN, 405, 404, 404, 404, 404, 404, 404),
    "application_review": row(LOGIN, 302, 404, 404, 404, 404, 404, 404),
    "application_withdraw": OWNER_ONLY,
    "application_receipt": OWNER_OR_STAFF,
    "application_section": row(LOGIN, 302, 404, 404, 404, 404, 404, 404),
    "voucher_answer": signed_in(405),
    "voucher_follow_up": OWNER_ONLY,
    "voucher_file_delete": signed_in(405),
    "voucher_file_download": OWNER_OR_STAFF,
    "attachment_download": row(LOGIN, 200, 404, 200, 404, 404, 404, 200),
    "letter_download": OWNER_OR_STAFF,
    "jury_dashboard": JURY,
    "jury_deliberation": row(LOGIN, 403, 403, 403, 403, 403, 403, 403),  # the president's only
    "jury_consensus": row(LOGIN, 403, 403, 404, 404, 404, 403, 403),
    "jury_application": row(LOGIN, 403, 403, 200, 404, 404, 403, 403),
    "jury_declare": row(
        LOGIN, 403, 403, 302, 302, 302, 403, 403
    ),  # posted from the dashboard; a GET goes back to it
    "jury_review": row(LOGIN, 403, 403, 200, 404, 404, 403, 403),
    "clusters_dashboard": CLUSTERS,
    "clusters_actions": CLUSTERS,
    "clusters_calendar": CLUSTERS,
    "clusters_action": CLUSTERS,
    "clusters_organisations": CLUSTERS,
    "clusters_organisation": CLUSTERS,
    "clusters_leads": CLUSTERS,
    "clusters_needs": CLUSTERS,
    "clusters_file": CLUSTERS,
    # allauth: pages for visitors send signed-in users away, and the reverse.
    "account_login": row(200, 302, 302, 302, 302, 302, 302, 302),
    "account_logout": row(302, 200, 200, 200, 200, 200, 200, 200),
    "account_inactive": everyone(200),
    "account_signup": row(200, 302, 302, 302, 302, 302, 302, 302),
    "account_reauthenticate": signed_in(200),
    "account_request_reauthentication_code": signed_in(200),
    "account_confirm_reauthentication_code": signed_in(302),
    "account_email": signed_in(200),
    "account_email_verification_sent": everyone(200),
    "account_change_password": signed_in(200),
    "account_set_password": signed_in(302),
    "account_reset_password": everyone(200),
    "account_confirm_login_code": everyone(302),
    "account_confirm_email": everyone(200),
    "account_reset_password_from_key_done": everyone(200),
    "account_reset_password_from_key": everyone(200),
    "account_reset_password_done": everyone(200),
    "mfa_index": signed_in(200),
    "mfa_authenticate": everyone(302),
    "mfa_reauthenticate": row(LOGIN, 302, 302, 200, 200, 200, 200, 200),
    "mfa_activate_totp": row(LOGIN, 302, 302, 302, 302, 302, 302, 302),
    # Without an authenticator there is nothing to deactivate nor codes to show.
    "mfa_deactivate_totp": row(LOGIN, 404, 404, 302, 302, 302, 302, 302),
    "mfa_view_recovery_codes": row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "mfa_generate_recovery_codes": row(LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "mfa_download_recovery_codes": row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
}


def url_names():
    """Every named URL pattern outside the admin."""

    def walk(resolver, namespace=None):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                yield from walk(pattern, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield pattern.name

    return sorted(set(walk(get_resolver())))


def test_every_url_pattern_is_in_the_matrix():
    assert url_names() == sorted(MATRIX)


@pytest.fixture
def world():
    """Applicant A's accepted voucher with every file, seen by every role."""
    _call, (mine, theirs, _third), follow_up = accepted_voucher()
    owner = mine.owner
    mine.receipt.save("receipt.pdf", ContentFile(pdf_bytes()))
    assigned = mine.assignments.get().juror
    conflicted = juror()
    Assignment.objects.create(application=mine, juror=conflicted, manual=True)
    sme = mine.parties.get(role="sme")
    # Declared before the freeze: a frozen call takes no declaration any more.
    ConflictDeclaration.objects.create(application=mine, juror=conflicted, has_conflict=True)
    CompanyConflict.objects.create(
        juror=conflicted, enterprise_number=sme.enterprise_number, source="juror", recorded_by=conflicted
    )
    pole = organisation("Pole Matrix", "pole")
    session = action("Matrix session", at(2014, 9, 1), [pole])
    staff = staff_member()
    action_file = action_file_add(
        action=session,
        actor=staff,
        kind="slides",
        uploaded_file=SimpleUploadedFile("slides.pdf", pdf_bytes(), content_type="application/pdf"),
    )
    voucher_file = follow_up_file_add(
        follow_up=follow_up, actor=owner, kind="invoice", uploaded_file=pdf_upload()
    )
    users = {
        "anonymous": None,
        "applicant_a": owner,
        "applicant_b": theirs.owner,
        "juror_assigned": assigned,
        "juror_unassigned": juror(),
        "juror_conflicted": conflicted,
        "liaison": cluster_liaison(),
        "staff": staff,
    }
    public_id = mine.public_id
    kwargs = {
        "application_detail": {"public_id": public_id},
        "application_attachments": {"public_id": public_id},
        "application_attachment_delete": {
            "public_id": public_id,
            "attachment_id": mine.attachments.first().public_id,
        },
        "application_review": {"public_id": public_id},
        "application_withdraw": {"public_id": public_id},
        "application_receipt": {"public_id": public_id},
        "application_section": {"public_id": public_id, "section": "sme"},
        "voucher_answer": {"public_id": public_id},
        "voucher_follow_up": {"public_id": public_id},
        "voucher_file_delete": {"public_id": public_id, "file_id": voucher_file.public_id},
        "voucher_file_download": {"file_id": voucher_file.public_id},
        "attachment_download": {"attachment_id": mine.attachments.first().public_id},
        "letter_download": {"letter_id": Letter.objects.get(application=mine).pk},
        "jury_consensus": {"public_id": public_id},
        "jury_application": {"public_id": public_id},
        "jury_declare": {"public_id": public_id},
        "jury_review": {"public_id": public_id},
        "clusters_action": {"pk": session.pk},
        "clusters_organisation": {"pk": pole.pk},
        "clusters_file": {"file_id": action_file.public_id},
        "account_confirm_email": {"key": "not-a-real-key"},
        "account_reset_password_from_key": {"uidb36": "1", "key": "not-a-real-key"},
    }
    return users, kwargs


def answers_for(users, kwargs):
    table = {}
    clients = {}
    for role, user in users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        clients[role] = client
    for name in MATRIX:
        with translation.override("en"):
            url = reverse(name, kwargs=kwargs.get(name))
        table[name] = {role: clients[role].get(url).status_code for role in ROLES}
    return table


def test_every_page_answers_each_role_as_the_matrix_says(world):
    users, kwargs = world

    table = answers_for(users, kwargs)

    wrong = {name: table[name] for name in MATRIX if table[name] != MATRIX[name]}
    for name, answers in wrong.items():
        print(name, [answers[role] for role in ROLES], "expected", [MATRIX[name][role] for role in ROLES])
    assert wrong == {}


def test_the_refused_roles_get_no_content_of_the_application(world):
    users, kwargs = world
    client = Client()
    client.force_login(users["applicant_b"])
    with translation.override("en"):
        url = reverse("application_detail", kwargs=kwargs["application_detail"])

    body = client.get(url).content.decode()

    application = Application.objects.get(public_id=kwargs["application_detail"]["public_id"])
    assert application.title not in body
    assert application.parties.get(role="sme").name not in body


def admin_changelists():
    return sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)


def expected_admin_answer(grants, app_label, model_name):
    return 200 if "view" in grants.get(app_label, {}).get(model_name, ()) else 403


def test_every_admin_list_answers_each_group_as_its_permissions_say(client):
    answers, expected = {}, {}
    for role, make_user, grants in (
        ("staff", staff_member, STAFF_PERMISSIONS),
        ("liaison", cluster_liaison, CLUSTERS_PERMISSIONS),
        ("applicant", applicant, None),
        ("juror", juror, None),
    ):
        client.force_login(make_user())
        for app_label, model_name in admin_changelists():
            response = client.get(f"/en/admin/{app_label}/{model_name}/")
            answers[(role, app_label, model_name)] = response.status_code
            expected[(role, app_label, model_name)] = (
                302 if grants is None else expected_admin_answer(grants, app_label, model_name)
            )

    assert answers == expected
