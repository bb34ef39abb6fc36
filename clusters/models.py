"""Awareness work with the competitiveness poles and clusters: organisations and their
contacts, actions, members' needs, and the leads opened for creative businesses."""

import datetime as dt
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wecd_portal.core.models import StoredFile

from .enums import (
    ActionFileKind,
    ActionKind,
    ActionStatus,
    AudienceType,
    LeadStatus,
    NeedCategory,
    NeedMethod,
    OrganisationKind,
    Priority,
)


class Organisation(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    member_count = models.PositiveIntegerField(_("member companies"), null=True, blank=True)
    recognised_since = models.PositiveSmallIntegerField(
        _("recognised since (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(verbose_name=_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ("kind", "name")

    def __str__(self):
        return self.acronym or self.name


def contact_keep_until():
    return timezone.localdate() + dt.timedelta(days=settings.WECD_CONTACT_RETENTION_DAYS)


class Contact(models.Model):
    """A person at an organisation, kept only while needed (``keep_until``)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    consent_to_contact = models.BooleanField(
        _("agrees to be contacted"),
        default=False,
        help_text=_("Only contacts who agreed may receive invitations and newsletters."),
    )
    keep_until = models.DateField(
        _("keep until"),
        default=contact_keep_until,
        help_text=_("The contact is deleted automatically after this date unless it is extended."),
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ("organisation", "name")

    def __str__(self):
        return self.name


class AwarenessAction(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ActionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    organisations = models.ManyToManyField(
        Organisation, related_name="actions", verbose_name=_("organisations involved"), blank=True
    )
    creative_businesses = models.ManyToManyField(
        "vouchers.Company",
        related_name="awareness_actions",
        verbose_name=_("creative businesses taking part"),
        blank=True,
    )
    audience_sme = models.PositiveIntegerField(_("SMEs reached"), default=0)
    audience_creative = models.PositiveIntegerField(_("creative businesses reached"), default=0)
    audience_cluster_staff = models.PositiveIntegerField(_("cluster or pole staff reached"), default=0)
    audience_other = models.PositiveIntegerField(_("others reached"), default=0)
    description = models.TextField(_("description"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    follow_ups = models.TextField(_("follow-ups"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    created_at = models.DateTimeField(verbose_name=_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("awareness action")
        verbose_name_plural = _("awareness actions")
        ordering = ("-starts_at",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gte=models.F("starts_at")),
                name="action_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~models.Q(online=False, place=""), name="action_has_a_place_or_is_online"
            ),
        ]

    def __str__(self):
        return self.title

    AUDIENCE_FIELDS = {
        AudienceType.SME: "audience_sme",
        AudienceType.CREATIVE: "audience_creative",
        AudienceType.CLUSTER_STAFF: "audience_cluster_staff",
        AudienceType.OTHER: "audience_other",
    }

    @property
    def audience_total(self):
        return sum(getattr(self, name) for name in self.AUDIENCE_FIELDS.values())


class Attendee(models.Model):
    action = models.ForeignKey(
        AwarenessAction, verbose_name=_("action"), on_delete=models.CASCADE, related_name="attendees"
    )
    name = models.CharField(_("name"), max_length=200)
    company = models.CharField(_("company"), max_length=200, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=AudienceType.choices)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ("name",)

    def __str__(self):
        return self.name


def action_file_path(instance, filename):
    # Never the uploaded name: a random one, outside the web root.
    return f"clusters/actions/{instance.action_id}/{uuid.uuid4().hex}"


class ActionFile(StoredFile):
    action = models.ForeignKey(
        AwarenessAction, verbose_name=_("action"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActionFileKind.choices)
    file = models.FileField(verbose_name=_("file"), upload_to=action_file_path, max_length=200)

    class Meta:
        verbose_name = _("action file")
        verbose_name_plural = _("action files")
        ordering = ("kind", "uploaded_at", "id")

    def scan_owner(self):
        return self.action


class NeedAssessment(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="need_assessments",
    )
    assessed_on = models.DateField(_("date"))
    method = models.CharField(_("method"), max_length=10, choices=NeedMethod.choices)
    respondents = models.PositiveIntegerField(_("respondents"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")
        ordering = ("-assessed_on",)

    def __str__(self):
        return f"{self.organisation} – {self.assessed_on}"


class NeedItem(models.Model):
    assessment = models.ForeignKey(
        NeedAssessment, verbose_name=_("needs assessment"), on_delete=models.CASCADE, related_name="items"
    )
    category = models.CharField(_("category"), max_length=20, choices=NeedCategory.choices)
    description = models.CharField(_("need"), max_length=300)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    companies_concerned = models.PositiveIntegerField(_("member companies concerned"), default=0)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ("priority", "category")

    def __str__(self):
        return self.description


class Lead(models.Model):
    """A business opportunity for a creative business, opened by the awareness work."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="leads", verbose_name=_("organisation")
    )
    member_company = models.ForeignKey(
        "vouchers.Company",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("member company (registered)"),
    )
    member_name = models.CharField(
        _("member company"), max_length=200, blank=True, help_text=_("When it is not in the registry.")
    )
    need = models.ForeignKey(
        NeedItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
        verbose_name=_("need"),
    )
    need_summary = models.CharField(_("need, in a few words"), max_length=300)
    creative_business = models.ForeignKey(
        "vouchers.Company",
        on_delete=models.PROTECT,
        related_name="creative_leads",
        null=True,
        blank=True,
        verbose_name=_("creative business matched"),
    )
    action = models.ForeignKey(
        AwarenessAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
        verbose_name=_("from the action"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=LeadStatus.choices, default=LeadStatus.IDENTIFIED
    )
    furthest_rank = models.PositiveSmallIntegerField(_("furthest stage reached"), default=0, editable=False)
    identified_on = models.DateField(_("identified on"), default=timezone.localdate)
    status_changed_on = models.DateField(_("status changed on"), default=timezone.localdate)
    application = models.ForeignKey(
        "vouchers.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
        verbose_name=_("voucher application"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(verbose_name=_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ("-identified_on", "-id")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(member_company__isnull=True, member_name=""),
                name="lead_names_its_member_company",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="voucher_application", application__isnull=True),
                name="lead_voucher_application_is_linked",
            ),
        ]

    def __str__(self):
        return f"{self.member_company or self.member_name}: {self.need_summary}"


class LeadStatusChange(models.Model):
    """The history of a lead's pipeline, written with each move."""

    lead = models.ForeignKey(Lead, verbose_name=_("lead"), on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("from"), max_length=20, choices=LeadStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=LeadStatus.choices)
    changed_on = models.DateField(_("on"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("lead status change")
        verbose_name_plural = _("lead status changes")
        ordering = ("changed_on", "id")

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"
