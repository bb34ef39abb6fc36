from django.db import migrations, models

# The note reserve_promote used to write into ``justification`` (in the staff's default
# language): a promotion is now stored as ``promoted_at``, and the note is shown in the
# reader's language.
PROMOTION_NOTES = (
    "Repêché de la liste de réserve\u00a0: un chèque s’est libéré.",
    "Repêché de la liste de réserve : un chèque s’est libéré.",
    "Promoted from the reserve list: a voucher was freed.",
)


def promotions_as_facts(apps, schema_editor):
    AwardDecision = apps.get_model("vouchers", "AwardDecision")
    for decision in AwardDecision.objects.filter(justification__in=PROMOTION_NOTES):
        decision.promoted_at = decision.decided_at  # saved by the promotion itself
        decision.justification = ""
        decision.save(update_fields=["promoted_at", "justification"])


def promotions_as_notes(apps, schema_editor):
    AwardDecision = apps.get_model("vouchers", "AwardDecision")
    AwardDecision.objects.filter(promoted_at__isnull=False).update(justification=PROMOTION_NOTES[0])


class Migration(migrations.Migration):
    dependencies = [("vouchers", "0026_language_choices")]

    operations = [
        migrations.AddField(
            model_name="awarddecision",
            name="promoted_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="promoted from the reserve list at"
            ),
        ),
        migrations.RemoveConstraint(model_name="awarddecision", name="changed_decision_is_justified"),
        migrations.AddConstraint(
            model_name="awarddecision",
            constraint=models.CheckConstraint(
                condition=models.Q(("outcome", models.F("proposed_outcome")))
                | ~models.Q(("justification", ""))
                | models.Q(("promoted_at__isnull", False)),
                name="changed_decision_is_justified",
            ),
        ),
        migrations.RunPython(promotions_as_facts, promotions_as_notes),
    ]
