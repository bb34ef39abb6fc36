"""The holder's pages from the offer on: the answer to the offer, the follow-up page
(final report, payment claim, files, sending) and the permission-checked download of
those files; and the withdrawal of an application at any stage."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from vouchers.common.enums import ScanStatus
from vouchers.common.files import private_file_response
from vouchers.follow_up.enums import VOUCHER_EDITABLE_STAGES, FollowUpFileKind
from vouchers.follow_up.forms import FinalReportForm, FollowUpFileForm, PaymentClaimForm
from vouchers.follow_up.models import FollowUpFile
from vouchers.follow_up.selectors import follow_up_for_owner
from vouchers.follow_up.services.acceptance import award_respond
from vouchers.follow_up.services.drafts import (
    final_report_save,
    follow_up_file_add,
    follow_up_file_delete,
    follow_up_problems,
    follow_up_submit,
    payment_claim_save,
)
from vouchers.follow_up.services.withdrawal import application_withdraw
from vouchers.intake.forms import WithdrawForm
from vouchers.intake.views.applications import ApplicationMixin, owned_application_or_404

TEMPLATE = "vouchers/applications/follow_up.html"


def _follow_up_or_404(request, public_id):
    follow_up = follow_up_for_owner(request.user, public_id)
    if follow_up is None:
        raise Http404
    return follow_up


def _report_form(follow_up, data=None):
    results = {result.indicator_id: result for result in follow_up.report.results.all()}
    initial = {
        "achievements": follow_up.report.achievements,
        "sme_testimony": follow_up.report.sme_testimony,
        "provider_testimony": follow_up.report.provider_testimony,
    }
    return FinalReportForm(
        data,
        initial=initial,
        indicators=follow_up.decision.application.indicators.all(),
        results=results,
        prefix="report",
    )


@login_required
def voucher_follow_up(request, public_id):
    """GET shows the page; POST saves one part, named by ``part``, and comes back."""
    follow_up = _follow_up_or_404(request, public_id)
    editable = follow_up.stage in VOUCHER_EDITABLE_STAGES
    share_proof = follow_up.decision.call.cofinancing_share > 0
    forms = {
        "report": _report_form(follow_up),
        "claim": PaymentClaimForm(instance=follow_up.claim, prefix="claim"),
        "file": FollowUpFileForm(prefix="file", share_proof=share_proof),
    }
    problems, status = [], 200
    if request.method == "POST":
        if not editable:
            messages.error(
                request, _("The report and the claim have been sent: they can no longer be changed.")
            )
            return redirect("voucher_follow_up", public_id=public_id)
        part = request.POST.get("part")
        if part not in POST_HANDLERS:
            raise Http404
        done, form_or_problems = POST_HANDLERS[part](request, follow_up, share_proof)
        if done:
            return redirect("voucher_follow_up", public_id=public_id)
        if part == "submit":
            problems = form_or_problems
        else:
            forms[part] = form_or_problems
        status = 400
    elif editable:
        problems = follow_up_problems(follow_up)
    files = list(follow_up.files.all())
    context = {
        "application": follow_up.decision.application,
        "decision": follow_up.decision,
        "follow_up": follow_up,
        "editable": editable,
        "report_form": forms["report"],
        "claim_form": forms["claim"],
        "file_form": forms["file"],
        "problems": problems,
        "invoice": next((item for item in files if item.kind == FollowUpFileKind.INVOICE), None),
        "share_proof": next((item for item in files if item.kind == FollowUpFileKind.SHARE_PROOF), None),
        "photos": [item for item in files if item.kind == FollowUpFileKind.PHOTO],
        "share_proof_required": share_proof,
    }
    return render(request, TEMPLATE, context, status=status)


def _post_report(request, follow_up, _share_proof):
    form = _report_form(follow_up, request.POST)
    done = _save(
        request,
        form,
        lambda form: final_report_save(
            follow_up=follow_up,
            actor=request.user,
            achievements=form.cleaned_data["achievements"],
            sme_testimony=form.cleaned_data["sme_testimony"],
            provider_testimony=form.cleaned_data["provider_testimony"],
            results=form.results(),
        ),
    )
    if done:
        messages.success(request, _("The final report has been saved."))
    return done, form


def _post_claim(request, follow_up, _share_proof):
    form = PaymentClaimForm(request.POST, instance=follow_up.claim, prefix="claim")
    done = _save(
        request,
        form,
        lambda form: payment_claim_save(follow_up=follow_up, actor=request.user, **form.cleaned_data),
    )
    if done:
        messages.success(request, _("The payment claim has been saved."))
    return done, form


def _post_file(request, follow_up, share_proof):
    form = FollowUpFileForm(request.POST, request.FILES, prefix="file", share_proof=share_proof)
    done = _save(
        request,
        form,
        lambda form: follow_up_file_add(
            follow_up=follow_up,
            actor=request.user,
            kind=form.cleaned_data["kind"],
            uploaded_file=form.cleaned_data["file"],
            caption=form.cleaned_data["caption"],
        ),
    )
    if done:
        messages.success(request, _("The file has been added."))
    return done, form


def _post_submit(request, follow_up, _share_proof):
    try:
        follow_up_submit(follow_up=follow_up, actor=request.user)
    except ValidationError as error:
        messages.error(request, _("The report and the claim are not complete yet: see the list below."))
        return False, error.messages
    messages.success(request, _("Your final report and payment claim have been sent to Wallonie Design."))
    return True, None


POST_HANDLERS = {"report": _post_report, "claim": _post_claim, "file": _post_file, "submit": _post_submit}


def _save(request, form, action):
    """Validate ``form`` and run ``action``; a service refusal shows on the form."""
    if not form.is_valid():
        messages.error(request, _("Please correct the errors below."))
        return False
    try:
        action(form)
    except ValidationError as error:
        form.add_error(None, error)
        messages.error(request, _("Please correct the errors below."))
        return False
    return True


@login_required
@require_POST
def voucher_file_delete(request, public_id, file_id):
    follow_up = _follow_up_or_404(request, public_id)
    item = follow_up.files.filter(public_id=file_id).first()
    if item is None:
        raise Http404
    try:
        follow_up_file_delete(item=item, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The file has been removed."))
    return redirect("voucher_follow_up", public_id=public_id)


@login_required
def voucher_file_download(request, file_id):
    """The voucher holder or staff; anyone else gets 404, as if the file did not exist."""
    item = (
        FollowUpFile.objects.select_related("follow_up__decision__application")
        .filter(public_id=file_id)
        .exclude(scan_status=ScanStatus.INFECTED)  # deleted by the scan: as if it did not exist
        .first()
    )
    if item is None or not request.user.has_perm(
        "vouchers.download_follow_up_file", item.follow_up.decision.application
    ):
        raise Http404
    return private_file_response(item.file, item.original_name, item.content_type)


@login_required
@require_POST
def voucher_answer(request, public_id):
    """The awarded applicant accepts or declines the voucher."""
    application = owned_application_or_404(request, public_id)
    decision = getattr(application, "award_decision", None)
    if decision is None or application.call.results_published_at is None:
        raise Http404
    try:
        award_respond(
            decision=decision,
            actor=request.user,
            accept=request.POST.get("answer") == "accept",
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your answer has been recorded."))
    return redirect("application_detail", public_id=public_id)


class WithdrawView(ApplicationMixin, View):
    template_name = "vouchers/applications/withdraw.html"

    def get(self, request, public_id):
        return render(request, self.template_name, self.context(form=WithdrawForm()))

    def post(self, request, public_id):
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                application_withdraw(
                    application=self.application, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your application has been withdrawn."))
                return redirect("application_dashboard")
        return render(request, self.template_name, self.context(form=form), status=400)
