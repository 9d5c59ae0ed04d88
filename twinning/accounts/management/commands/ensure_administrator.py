"""Create the first (platform) administrator if there is none; say how to log in."""

import os
import secrets
from typing import Any

from django.core.management.base import BaseCommand

from twinning.accounts.models import User
from twinning.accounts.roles import ADMINISTRATOR
from twinning.accounts.services import user_create


class Command(BaseCommand):
    help = (
        "Create an administrator if there is none. The user name is "
        "TWINNING_ADMIN_USERNAME (default admin); the password is "
        "TWINNING_ADMIN_PASSWORD, or one generated and shown once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        port = os.environ.get("PORT") or "8000"
        if User.objects.filter(is_superuser=True, is_active=True).exists():
            self.stdout.write(
                "An administrator exists already: log in at "
                f"http://127.0.0.1:{port}/admin/ with that account."
            )
            return
        username = os.environ.get("TWINNING_ADMIN_USERNAME") or "admin"
        password = os.environ.get("TWINNING_ADMIN_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        user_create(
            username=username, password=password, role=ADMINISTRATOR, platform=True
        )
        self.stdout.write(
            self.style.SUCCESS(f"Created the administrator “{username}”.")
        )
        if generated:
            self.stdout.write(
                f"Its password is {password} — shown this once only; keep it safe, "
                "or change it after you log in."
            )
        self.stdout.write(f"Log in at http://127.0.0.1:{port}/admin/")
