from django.conf import settings
from django.db import migrations

from vouchers.pilot_call import PILOT_SLUG, pilot_call_values


def create_pilot_call(apps, schema_editor):
    Call = apps.get_model("vouchers", "Call")
    Call.objects.get_or_create(slug=PILOT_SLUG, defaults=pilot_call_values(settings.CALL_DEADLINE_TIME))


def delete_pilot_call(apps, schema_editor):
    apps.get_model("vouchers", "Call").objects.filter(slug=PILOT_SLUG).delete()


class Migration(migrations.Migration):
    dependencies = [("vouchers", "0001_initial")]

    operations = [migrations.RunPython(create_pilot_call, delete_pilot_call)]
