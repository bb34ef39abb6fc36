from django.db import migrations


def seed(apps, schema_editor):
    from clusters.reference import CLUSTERS, POLES  # noqa: PLC0415  (data migration: runs after the apps load)

    Organisation = apps.get_model("clusters", "Organisation")
    for name, acronym, sector, since in POLES:
        Organisation.objects.get_or_create(
            name=name,
            defaults={"kind": "pole", "acronym": acronym, "sector": sector, "recognised_since": since},
        )
    for name, acronym, sector in CLUSTERS:
        Organisation.objects.get_or_create(
            name=name, defaults={"kind": "cluster", "acronym": acronym, "sector": sector}
        )


class Migration(migrations.Migration):
    dependencies = [("clusters", "0001_organisations_actions_needs_leads")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
