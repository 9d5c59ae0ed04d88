"""Reviews move from the staff app to core, keeping their table and rows.

The staff app made the table `staff_review`; core now owns the model under the same
table, so this only tells Django's state, and moves the model's content type (and
with it its permissions) from the staff app to core.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, source="staff", target="core"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    alias = schema_editor.connection.alias
    found = ContentType.objects.using(alias).filter(app_label=source, model="review")
    if not found.exists():
        return
    # A content type made under the new label already (by a run of `migrate`
    # that created it after the state moved) would collide: the old one, which
    # the permissions point to, wins.
    ContentType.objects.using(alias).filter(app_label=target, model="review").delete()
    found.update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="core", target="staff")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_access_log_municipality"),
        ("places", "0003_site_hosts"),
        ("staff", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Review",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "object_id",
                            models.PositiveBigIntegerField(verbose_name="record id"),
                        ),
                        (
                            "reviewed_at",
                            models.DateTimeField(verbose_name="reviewed"),
                        ),
                        (
                            "content_type",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="contenttypes.contenttype",
                                verbose_name="kind of record",
                            ),
                        ),
                        (
                            "municipality",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="places.municipality",
                                verbose_name="home municipality",
                            ),
                        ),
                        (
                            "reviewed_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="reviewed by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "review",
                        "verbose_name_plural": "reviews",
                        "db_table": "staff_review",
                        "ordering": ["-reviewed_at", "-id"],
                        "indexes": [
                            models.Index(
                                fields=[
                                    "municipality",
                                    "content_type",
                                    "object_id",
                                    "reviewed_at",
                                ],
                                name="staff_revie_municip_3cfdfe_idx",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
