"""allauth adapter: new accounts are applicants; every email goes through the outbox."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.models import Group
from django.utils import translation

from .roles import APPLICANT


class PortalAccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """Save a signed-up user with the current language; adds them to Applicant."""
        user.language = translation.get_language() or "fr"
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user.groups.add(Group.objects.get(name=APPLICANT))
        return user

    def send_mail(self, template_prefix, email, context):
        """Render allauth's message now and queue it in the outbox (sent by Celery)."""
        from wecd_portal.notifications.services import outbox_queue_rendered

        message = self.render_mail(template_prefix, email, context)
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
        )
