"""The awards' public and applicant pages: the released results and the decision letter."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.generic import TemplateView

from vouchers.awards.models import Letter
from vouchers.awards.services.letters import letter_filename
from vouchers.awards.services.release import published_awards
from vouchers.common.files import private_file_response


class ResultsView(TemplateView):
    """The awarded projects of the calls whose results are released."""

    template_name = "vouchers/results.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=published_awards(), **kwargs)


@login_required
def letter_download(request, letter_id):
    """Staff; the applicant once the results are released."""
    letter = Letter.objects.select_related("application__call").filter(pk=letter_id).first()
    released = letter is not None and letter.application.call.results_published_at is not None
    owner = letter is not None and letter.application.owner_id == request.user.pk
    if letter is None or not (request.user.has_perm("vouchers.view_letter") or (owner and released)):
        raise Http404
    return private_file_response(letter.file, letter_filename(letter), "application/pdf")
