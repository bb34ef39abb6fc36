"""The deliberation form shared by the staff page and the jury president's page.

The fields check what a field can (the final score is a number from 0 to 100 with
at most two decimals, or empty for the mean); ``consensus_record`` keeps every
other rule, and its refusals come back next to the field they concern.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vouchers.common.numbers import DecimalTextField
from vouchers.jury.models import Consensus, Criterion
from vouchers.jury.services.deliberation import consensus_problems, consensus_record

FINAL_SCORE_RANGE = _("The final score must be between 0 and 100.")

# consensus_record's error codes → the field they concern
SERVICE_ERROR_FIELDS = {
    "score_format": "final_score",
    "score_range": "final_score",
    "justification_required": "justification",
}


class ConsensusForm(forms.Form):
    final_score = DecimalTextField(
        label=_("Final score (/100, empty: the mean)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        error_messages={
            "invalid": _("Enter a number, such as 72.5."),
            "min_value": FINAL_SCORE_RANGE,
            "max_value": FINAL_SCORE_RANGE,
            "max_digits": FINAL_SCORE_RANGE,
            "max_whole_digits": FINAL_SCORE_RANGE,
            "max_decimal_places": _("Give the final score with at most two decimals."),
        },
    )
    justification = forms.CharField(
        label=_("Justification (needed if the final score is not the mean)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
    )

    def __init__(self, *args, criteria, consensus=None, **kwargs):
        """``criteria``: the call's Criterion rows (one comment each for the
        applicant); ``consensus``: the stored Consensus or None."""
        kwargs.setdefault("auto_id", "%s")  # ids are the names, as the pages always had them
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        stored = consensus.comments if consensus else {}
        if consensus is not None:
            self.fields["final_score"].initial = consensus.final_score
            self.fields["justification"].initial = consensus.justification
        for criterion in self.criteria:
            self.fields[f"comment_{criterion.code}"] = forms.CharField(
                label=criterion.label,
                required=False,
                initial=stored.get(criterion.code, ""),
                widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
            )

    def comment_fields(self):
        return [self[f"comment_{criterion.code}"] for criterion in self.criteria]

    def comments(self):
        return {criterion.code: self.cleaned_data[f"comment_{criterion.code}"] for criterion in self.criteria}

    def add_service_error(self, error):
        """Put each refusal of ``consensus_record`` next to the field it concerns
        (a field that already shows an error keeps its own)."""
        for problem in getattr(error, "error_list", [error]):
            code = getattr(problem, "code", None)
            if code == "comments_missing":
                missing = set((problem.params or {}).get("codes", "").split(", "))
                for criterion in self.criteria:
                    name = f"comment_{criterion.code}"
                    if criterion.code in missing and name not in self.errors:
                        self.add_error(
                            name,
                            ValidationError(
                                _("Write the comment for the applicant on this criterion."),
                                code="comment_missing",
                            ),
                        )
                continue
            field = SERVICE_ERROR_FIELDS.get(code)
            if field is None or field not in self.errors:
                self.add_error(field, problem)

    def summary(self):
        """(input id, label, message) of every error, for the summary at the top."""
        return [(bound.id_for_label, bound.label, message) for bound in self for message in bound.errors]


def consensus_handle(request, application, *, criteria=None):
    """Handle the consensus form: (saved, form).

    On POST, a valid form is recorded through ``consensus_record`` (an empty final
    score is the mean); a refusal shows on the form with everything typed kept. On
    GET, the form shows the stored consensus.
    """
    criteria = list(Criterion.objects.filter(call=application.call)) if criteria is None else criteria
    existing = Consensus.objects.filter(application=application).first()
    if request.method != "POST":
        return False, ConsensusForm(criteria=criteria, consensus=existing)
    form = ConsensusForm(request.POST, criteria=criteria, consensus=existing)
    if form.is_valid():
        try:
            consensus_record(
                application=application,
                actor=request.user,
                comments=form.comments(),
                final_score=form.cleaned_data["final_score"],
                justification=form.cleaned_data["justification"],
            )
        except ValidationError as error:  # every problem at once (consensus_problems)
            form.add_service_error(error)
        else:
            return True, form
        return False, form
    # A field refused already: the service's other problems show with it (a wrong
    # score and a missing comment together), the checks run once.
    typed = form.cleaned_data
    try:
        _mean, _final, problems = consensus_problems(
            application=application,
            comments={c.code: typed.get(f"comment_{c.code}", "") for c in criteria},
            final_score=typed.get("final_score"),
            justification=typed.get("justification", ""),
        )
    except ValidationError as error:
        problems = [error]
    if problems:
        form.add_service_error(ValidationError(problems))
    return False, form
