"""A juror's review form: a score, a comment and a justification per criterion.

The fields check what a field can (a number, within the scale, in steps of 0.5);
the services (``review_save``, ``review_submit``) keep every other rule, and
their refusals come back on the form through ``add_service_error``.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vouchers.common.numbers import DecimalTextField

STEP = Decimal("0.5")


def score_field(criterion):
    """The score of one criterion: 0 to the criterion's scale, in steps of 0.5."""
    out_of_range = gettext("The score must be between 0 and %(max)s, in steps of 0.5.") % {
        "max": criterion.scale_max
    }
    return DecimalTextField(
        label=_("Score"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(criterion.scale_max),
        step_size=STEP,
        error_messages={
            "invalid": _("Enter a number, such as 6.5."),
            "min_value": out_of_range,
            "max_value": out_of_range,
            "step_size": out_of_range,
        },
    )


def _without_label(message, label):
    """``"Faisabilité : ajoutez un commentaire."`` → ``"Ajoutez un commentaire."``."""
    if label:
        message = re.sub(rf"^{re.escape(label)}\s*:\s*", "", message)
    return message[:1].upper() + message[1:]


class ReviewForm(forms.Form):
    overall_comment = forms.CharField(
        label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria, review=None, closed=False, **kwargs):
        """``criteria``: the call's Criterion rows; ``review``: the stored Review (its
        scores prefetched) or None. A submitted review, or any review once the
        reviews are ``closed`` (a frozen ranking), is shown, not editable."""
        kwargs.setdefault("auto_id", "%s")  # ids are the names, as the pages always had them
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        scores = {score.criterion_id: score for score in review.scores.all()} if review else {}
        if review is not None:
            self.fields["overall_comment"].initial = review.overall_comment
        for criterion in self.criteria:
            stored = scores.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = score_field(criterion)
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"justification_{criterion.pk}"] = forms.CharField(
                label=gettext("Justification (required for a score of 0 or %(max)s)")
                % {"max": criterion.scale_max},
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
            )
            if stored is not None:
                self.fields[f"score_{criterion.pk}"].initial = stored.value  # shown as the language writes it
                self.fields[f"comment_{criterion.pk}"].initial = stored.comment
                self.fields[f"justification_{criterion.pk}"].initial = stored.justification
        self.submitted = review is not None and review.status == review.Status.SUBMITTED
        self.locked = self.submitted or closed
        if self.locked:
            for form_field in self.fields.values():
                form_field.disabled = True

    def criterion_rows(self):
        """(criterion, score, comment, justification) bound fields, per criterion."""
        return [
            (
                criterion,
                self[f"score_{criterion.pk}"],
                self[f"comment_{criterion.pk}"],
                self[f"justification_{criterion.pk}"],
            )
            for criterion in self.criteria
        ]

    def answers(self):
        """What ``review_save`` takes: criterion id → (score, comment, justification)."""
        data = self.cleaned_data
        return {
            criterion.pk: (
                data.get(f"score_{criterion.pk}"),
                data.get(f"comment_{criterion.pk}", ""),
                data.get(f"justification_{criterion.pk}", ""),
            )
            for criterion in self.criteria
        }

    def add_service_error(self, error):
        """A refusal of the services: by field when the service names them (an
        incomplete review), else on the whole form (locked, frozen…)."""
        if hasattr(error, "error_dict"):
            labels = {
                f"{name}_{c.pk}": c.label
                for c in self.criteria
                for name in ("score", "comment", "justification")
            }
            for field, errors in error.error_dict.items():
                if field not in self.fields:
                    self.add_error(None, errors)
                    continue
                # Next to the criterion's field, and after its name in the summary, the
                # message need not name the criterion again.
                for message in ValidationError(errors).messages:
                    self.add_error(field, _without_label(message, labels.get(field)))
            return
        self.add_error(None, error)

    def summary(self):
        """(input id, label, message) of every error, for the summary at the top; a
        criterion's fields are named with the criterion."""
        by_name = {}
        for criterion in self.criteria:
            for name in ("score", "comment", "justification"):
                by_name[f"{name}_{criterion.pk}"] = criterion
        items = []
        for bound in self:
            criterion = by_name.get(bound.name)
            label = f"{criterion.label} – {bound.label}" if criterion else bound.label
            items += [(bound.id_for_label, label, message) for message in bound.errors]
        return items
