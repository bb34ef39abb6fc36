from django.db import migrations

from vouchers.criteria import PILOT_CRITERIA
from vouchers.pilot_call import PILOT_SLUG


def create_criteria(apps, schema_editor):
    Call = apps.get_model("vouchers", "Call")
    Criterion = apps.get_model("vouchers", "Criterion")
    call = Call.objects.filter(slug=PILOT_SLUG).first()
    if call is None:
        return
    for values in PILOT_CRITERIA:
        Criterion.objects.get_or_create(call=call, code=values["code"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("vouchers", "0009_jury")]

    operations = [migrations.RunPython(create_criteria, migrations.RunPython.noop)]
