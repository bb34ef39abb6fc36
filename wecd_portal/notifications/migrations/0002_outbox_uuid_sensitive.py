import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    for message in OutboxMessage.objects.filter(uuid__isnull=True).only("pk"):
        message.uuid = uuid.uuid4()
        message.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="sensitive",
            field=models.BooleanField(default=False, verbose_name="contains a personal link"),
        ),
        migrations.AddField(
            model_name="outboxmessage", name="uuid", field=models.UUIDField(editable=False, null=True)
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="outboxmessage",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
