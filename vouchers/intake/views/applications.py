"""The applicant's pages: dashboard, sections, attachments, review and submit,
read-only view, withdrawal, receipt and attachment downloads."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from vouchers.common.enums import ScanStatus
from vouchers.common.files import private_file_response
from vouchers.intake.completeness import SECTIONS, application_problems, application_warnings
from vouchers.intake.enums import WITHDRAWABLE_STATUSES, ApplicationStatus, CallState, PartyRole
from vouchers.intake.forms import (
    AttachmentUploadForm,
    BudgetForm,
    CreativePartyForm,
    DeclarationsForm,
    DeMinimisAidFormSet,
    HoldingFormSet,
    ImpactIndicatorFormSet,
    OriginForm,
    ProjectForm,
    SmePartyForm,
    WorkplanTaskFormSet,
)
from vouchers.intake.models import Application, ApplicationParty, Attachment
from vouchers.intake.permissions import attachment_scanned_for_jurors
from vouchers.intake.selectors.applications import application_for_owner, applications_for_owner
from vouchers.intake.selectors.calls import call_current
from vouchers.intake.services.applications import (
    application_create,
    application_section_save,
    editable_sections,
)
from vouchers.intake.services.attachments import attachment_add, attachment_delete
from vouchers.intake.services.submission import SubmissionIncomplete, application_resubmit, application_submit
from wecd_portal.audit import audit_record

EDITABLE_SECTIONS = [slug for slug, _label in SECTIONS if slug != "attachments"]


def owned_application_or_404(request, public_id):
    application = application_for_owner(request.user, public_id)
    if application is None:
        raise Http404
    return application


def section_forms(application, section, data=None):
    """(forms, formsets) of a section, bound to ``data`` on POST."""
    if section in ("sme", "creative"):
        role = PartyRole.SME if section == "sme" else PartyRole.CREATIVE
        party = application.parties.filter(role=role).first() or ApplicationParty(
            application=application, role=role
        )
        form_class = SmePartyForm if section == "sme" else CreativePartyForm
        form = form_class(data, instance=party, prefix="party")
        formsets = [HoldingFormSet(data, instance=party, prefix="holdings")] if section == "sme" else []
        return [form], formsets
    if section == "project":
        return [ProjectForm(data, instance=application, prefix="project")], [
            ImpactIndicatorFormSet(data, instance=application, prefix="indicators"),
            WorkplanTaskFormSet(
                data, instance=application, prefix="tasks", form_kwargs={"call": application.call}
            ),
        ]
    if section == "budget":
        return [BudgetForm(data, instance=application, prefix="budget")], []
    if section == "declarations":
        return [DeclarationsForm(data, instance=application, prefix="declarations")], [
            DeMinimisAidFormSet(data, instance=application, prefix="aids")
        ]
    if section == "origin":
        return [OriginForm(data, instance=application, prefix="origin")], []
    raise Http404


def decision_reasons(application, language):
    """Why an application was found not eligible, as sent, in the reader's language."""
    if application.status != ApplicationStatus.INELIGIBLE:
        return []
    return application.reasons_in(language)


def released_decision(application):
    """After the release: the award decision and the letter, for the applicant's page."""
    if application.call.results_published_at is None:
        return {}
    decision = (
        getattr(application, "award_decision", None) if hasattr(application, "award_decision") else None
    )
    return {"award": decision, "letter": application.letters.order_by("-rendered_at").first()}


def next_section(section):
    slugs = [slug for slug, _label in SECTIONS]
    index = slugs.index(section)
    return slugs[index + 1] if index + 1 < len(slugs) else None


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "vouchers/applications/dashboard.html"

    def get_context_data(self, **kwargs):
        call = call_current()
        applications = list(applications_for_owner(self.request.user))
        language = translation.get_language()
        for application in applications:
            application.reasons = decision_reasons(application, language)
        return super().get_context_data(
            applications=applications,
            call=call,
            can_start=call is not None and call.state in (CallState.UPCOMING, CallState.OPEN),
            **kwargs,
        )


@login_required
@require_POST
def start_application(request):
    call = call_current()
    if call is None:
        raise Http404
    try:
        application = application_create(call=call, owner=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("application_dashboard")
    messages.success(request, _("Your draft application has been created. Start with the SME."))
    return redirect("application_section", public_id=application.public_id, section="sme")


class ApplicationMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.application = owned_application_or_404(request, kwargs["public_id"])
        return super().dispatch(request, *args, **kwargs)

    def read_only_redirect(self):
        messages.info(self.request, _("This application can no longer be changed."))
        return redirect("application_detail", public_id=self.application.public_id)

    def can_edit(self, section=None):
        if not self.request.user.has_perm("vouchers.edit_own_application", self.application):
            return False
        allowed = editable_sections(self.application)
        return bool(allowed) if section is None else section in allowed

    def context(self, **extra):
        allowed = editable_sections(self.application)
        steps = [(slug, label) for slug, label in SECTIONS if slug in allowed]
        return {"application": self.application, "sections": steps, **extra}


class SectionView(ApplicationMixin, View):
    template_name = "vouchers/applications/section.html"

    def get(self, request, public_id, section):
        if section not in EDITABLE_SECTIONS:
            raise Http404
        if not self.can_edit(section):
            return self.read_only_redirect()
        forms, formsets = section_forms(self.application, section)
        return self.render(section, forms, formsets)

    def post(self, request, public_id, section):
        if section not in EDITABLE_SECTIONS:
            raise Http404
        if not self.can_edit(section):
            return self.read_only_redirect()
        forms, formsets = section_forms(self.application, section, request.POST)
        if all(form.is_valid() for form in forms) & all(formset.is_valid() for formset in formsets):
            try:
                application_section_save(
                    application=self.application,
                    actor=request.user,
                    section=section,
                    forms=forms,
                    formsets=formsets,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return self.render(section, forms, formsets, status=400)
            messages.success(request, _("Section saved."))
            if "save_and_stay" in request.POST:
                return redirect("application_section", public_id=public_id, section=section)
            following = next_section(section)
            if following == "attachments":
                return redirect("application_attachments", public_id=public_id)
            return redirect("application_section", public_id=public_id, section=following)
        messages.error(request, _("Some answers need correcting: see the messages next to the fields."))
        return self.render(section, forms, formsets, status=400)

    def render(self, section, forms, formsets, status=200):
        warnings = application_warnings(self.application, section=section)
        return render(
            self.request,
            self.template_name,
            self.context(
                section=section,
                section_label=dict(SECTIONS)[section],
                forms=forms,
                formsets=formsets,
                warnings=warnings,
            ),
            status=status,
        )


class AttachmentsView(ApplicationMixin, View):
    template_name = "vouchers/applications/attachments.html"

    def get(self, request, public_id):
        if not self.can_edit("attachments"):
            return self.read_only_redirect()
        return self.render(AttachmentUploadForm())

    def post(self, request, public_id):
        if not self.can_edit("attachments"):
            return self.read_only_redirect()
        form = AttachmentUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                attachment = attachment_add(
                    application=self.application,
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    uploaded_file=form.cleaned_data["file"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(
                    request, _("“%(name)s” has been added.") % {"name": attachment.original_name}
                )
                return redirect("application_attachments", public_id=public_id)
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(
            self.request,
            self.template_name,
            self.context(
                section="attachments",
                form=form,
                attachments=self.application.attachments.all(),
                max_file_size=settings.WECD_MAX_UPLOAD_BYTES,
                max_total_size=settings.WECD_MAX_APPLICATION_UPLOAD_BYTES,
                max_files=settings.WECD_MAX_ATTACHMENTS,
            ),
            status=status,
        )


class AttachmentDeleteView(ApplicationMixin, View):
    def post(self, request, public_id, attachment_id):
        attachment = get_object_or_404(Attachment, public_id=attachment_id, application=self.application)
        try:
            attachment_delete(attachment=attachment, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("application_detail", public_id=public_id)
        messages.success(request, _("“%(name)s” has been removed.") % {"name": attachment.original_name})
        return redirect("application_attachments", public_id=public_id)


class ReviewView(ApplicationMixin, View):
    template_name = "vouchers/applications/review.html"

    def get(self, request, public_id):
        if self.application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.MORE_INFO):
            return redirect("application_detail", public_id=public_id)
        prefetch_related_objects([self.application], "parties")  # problems, warnings, summary
        return self.render(application_problems(self.application))

    def post(self, request, public_id):
        if self.application.status == ApplicationStatus.MORE_INFO:
            return self.resubmit(request, public_id)
        try:
            result = application_submit(application=self.application, actor=request.user)
        except SubmissionIncomplete as error:
            messages.error(request, _("The application is not complete yet: see the list below."))
            return self.render(error.problems, status=400)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render(application_problems(self.application), status=400)
        if not result.already_submitted:
            messages.success(
                request,
                _(
                    # The e-mail is queued, not sent yet (the outbox sends it within minutes).
                    "Your application has been submitted under reference %(reference)s. Its receipt will "
                    "reach you by e-mail within a few minutes; you can already download it from this page."
                )
                % {"reference": result.application.reference},
            )
        return redirect("application_detail", public_id=public_id)

    def resubmit(self, request, public_id):
        try:
            application_resubmit(application=self.application, actor=request.user)
        except SubmissionIncomplete as error:
            messages.error(request, _("The application is not complete yet: see the list below."))
            return self.render(error.problems, status=400)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render(application_problems(self.application), status=400)
        messages.success(request, _("Your completed application has been sent back to Wallonie Design."))
        return redirect("application_detail", public_id=public_id)

    def render(self, problems, status=200):
        more_info = self.application.status == ApplicationStatus.MORE_INFO
        return render(
            self.request,
            self.template_name,
            self.context(
                section="review",
                problems=problems,
                warnings=application_warnings(self.application),
                call_open=more_info or self.application.call.state == CallState.OPEN,
                more_info=more_info,
            ),
            status=status,
        )


class DetailView(ApplicationMixin, TemplateView):
    template_name = "vouchers/applications/detail.html"

    def get_context_data(self, **kwargs):
        prefetch_related_objects([self.application], "parties")  # here and in the summary
        parties = {party.role: party for party in self.application.parties.all()}
        return super().get_context_data(
            **self.context(
                sme=parties.get(PartyRole.SME),
                creative=parties.get(PartyRole.CREATIVE),
                can_edit=self.can_edit(),
                can_withdraw=self.application.status in WITHDRAWABLE_STATUSES,
                decision_reasons=decision_reasons(self.application, translation.get_language()),
                **released_decision(self.application),
            ),
            **kwargs,
        )


@login_required
def receipt_download(request, public_id):
    """The owner's or staff's copy of the receipt; anyone else gets 404."""
    application = Application.objects.filter(public_id=public_id).first()
    if application is None or not request.user.has_perm("vouchers.view_own_application", application):
        raise Http404
    if not application.receipt:
        raise Http404
    return private_file_response(application.receipt, f"{application.reference}.pdf", "application/pdf")


@login_required
def attachment_download(request, attachment_id):
    """Owner or staff only; anyone else gets 404, as if the file did not exist."""
    attachment = Attachment.objects.select_related("application").filter(public_id=attachment_id).first()
    if attachment is None or not request.user.has_perm(
        "vouchers.download_attachment", attachment.application
    ):
        raise Http404
    if attachment.scan_status == ScanStatus.INFECTED:
        raise Http404
    if not request.user.has_perm("vouchers.view_own_application", attachment.application) and not (
        attachment_scanned_for_jurors(attachment)
    ):
        return render(request, "vouchers/file_in_quarantine.html", {"attachment": attachment}, status=409)
    if attachment.application.owner_id != request.user.pk:
        # Jurors' and staff's reading of an applicant's file is on record.
        audit_record(
            actor=request.user,
            action="attachment.downloaded",
            target=attachment.application,
            data={"kind": attachment.kind, "name": attachment.original_name, "sha256": attachment.sha256},
        )
    return private_file_response(attachment.file, attachment.original_name, attachment.content_type)
