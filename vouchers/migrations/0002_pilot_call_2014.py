from django.conf import settings
from django.db import migrations

from vouchers.pilot_call import PILOT_SLUG, pilot_call_values


def create_pilot_call(apps, schema_editor):
    Call = apps.get_model("vouchers", "Call")
    # Only the fields this migration's Call has: later migrations fill their own.
    fields = {field.name for field in Call._meta.get_fields()}
    values = {
        key: value for key, value in pilot_call_values(settings.CALL_DEADLINE_TIME).items() if key in fields
    }
    Call.objects.get_or_create(slug=PILOT_SLUG, defaults=values)


def delete_pilot_call(apps, schema_editor):
    apps.get_model("vouchers", "Call").objects.filter(slug=PILOT_SLUG).delete()


class Migration(migrations.Migration):
    dependencies = [("vouchers", "0001_initial")]

    operations = [migrations.RunPython(create_pilot_call, delete_pilot_call)]
