"""allauth adapter: new accounts are applicants; every email goes through the outbox."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation
from django.utils.crypto import get_random_string

from wecd_portal.notifications.services import outbox_queue_rendered

from .roles import APPLICANT


class PortalAccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials):
        """Failed sign-ins are counted per account *and* address: an attacker
        hammering an account from one address locks only that pair, never the
        account's owner signing in from elsewhere (allauth's default counts per
        account, whatever the address)."""
        return (
            f"{super()._get_login_attempts_cache_key(request, **credentials)}@{self.get_client_ip(request)}"
        )

    def save_user(self, request, user, form, commit=True):
        """Save a signed-up user with the current language; adds them to Applicant."""
        user.language = translation.get_language() or "fr"
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # get_or_create: a group deleted by mistake must not break sign-up.
            user.groups.add(Group.objects.get_or_create(name=APPLICANT)[0])
        return user

    def send_account_already_exists_mail(self, email):
        """A sign-up with an address that has an account: hash a password as the
        creation of an account does, so that both answers take the same time (the
        hash is most of it: 0.09 s against 0.72 s without this) and timing does
        not tell which addresses have an account."""
        make_password(get_random_string(32))
        super().send_account_already_exists_mail(email)

    def send_mail(self, template_prefix, email, context):
        """Render allauth's message now and queue it in the outbox (sent by Celery)."""

        request = allauth_context.request
        # The same context allauth's own send_mail gives its templates.
        full_context = {"request": request, "email": email, "current_site": get_current_site(request)}
        full_context.update(context)
        message = self.render_mail(template_prefix, email, full_context)
        html = None
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        outbox_queue_rendered(
            recipients=[email],
            language=translation.get_language() or "fr",
            template=template_prefix,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            # Login, verification and reset links: hidden from staff in the admin.
            sensitive=True,
        )
