# The twin-town network moves to `places`, where the pages that show it can read it
# without importing the importer. The table is renamed; its rows stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("imports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(
                    name="TwinTownLink", table="places_twintownlink"
                ),
            ],
            state_operations=[
                migrations.DeleteModel(name="TwinTownLink"),
            ],
        ),
    ]
