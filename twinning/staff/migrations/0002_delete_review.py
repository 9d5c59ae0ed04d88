"""Reviews now belong to core (`core.0003_review`), which keeps their table.

The model leaves the staff app's state only: the table and its rows stay.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_review"),
        ("staff", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Review")],
            database_operations=[],
        ),
    ]
