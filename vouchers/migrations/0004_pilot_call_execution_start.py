from django.db import migrations

from vouchers.pilot_call import PILOT_SLUG, pilot_call_values


def set_execution_start(apps, schema_editor):
    apps.get_model("vouchers", "Call").objects.filter(slug=PILOT_SLUG, execution_start_date=None).update(
        execution_start_date=pilot_call_values()["execution_start_date"]
    )


class Migration(migrations.Migration):
    dependencies = [("vouchers", "0003_applications")]

    operations = [migrations.RunPython(set_execution_start, migrations.RunPython.noop)]
