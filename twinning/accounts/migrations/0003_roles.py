"""Create the three roles as groups, with their permissions."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from twinning.accounts.roles import sync_role_permissions


def create_roles(apps, schema_editor):
    # Permissions are otherwise made after all migrations; make them now so that the
    # groups get theirs in this migration.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, apps=apps, verbosity=0)
    sync_role_permissions(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["administrator", "editor", "viewer"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("places", "0001_initial"),
        ("partnerships", "0001_initial"),
        ("projects", "0001_initial"),
        ("activities", "0001_initial"),
        ("results", "0001_initial"),
        ("contacts", "0001_initial"),
        ("eu", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
