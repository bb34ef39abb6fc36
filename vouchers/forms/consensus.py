"""The deliberation form shared by the staff page and the jury president's page."""

from django.core.exceptions import ValidationError

from vouchers.models import Consensus, Criterion
from vouchers.services.ranking import consensus_record


def consensus_form(request, application):
    """Handle the consensus form: (saved, context for the template).

    On POST it records the consensus through the service; on an error, or on GET,
    the context holds the values to show (typed ones first, then the stored ones).
    """
    criteria = list(Criterion.objects.filter(call=application.call))
    existing = Consensus.objects.filter(application=application).first()
    values = request.POST if request.method == "POST" else {}
    errors = []
    if request.method == "POST":
        try:
            consensus_record(
                application=application,
                actor=request.user,
                comments={c.code: values.get(f"comment_{c.code}", "") for c in criteria},
                final_score=values.get("final_score") or None,
                justification=values.get("justification", ""),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            return True, {}
    stored_comments = existing.comments if existing else {}
    return False, {
        "application": application,
        "errors": errors,
        "rows": [
            {"criterion": c, "comment": values.get(f"comment_{c.code}", stored_comments.get(c.code, ""))}
            for c in criteria
        ],
        "final_score": values.get("final_score", existing.final_score if existing else ""),
        "justification": values.get("justification", existing.justification if existing else ""),
    }
