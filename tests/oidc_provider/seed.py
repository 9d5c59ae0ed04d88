"""Make the test provider's client (Twinning) and one user in groups: argv's JSON."""

import json
import sys

import django

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

spec = json.loads(sys.argv[1])
Application.objects.create(
    name="Twinning",
    client_id=spec["client_id"],
    client_secret=spec["client_secret"],
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    redirect_uris=spec["redirect_uri"],
    algorithm=Application.RS256_ALGORITHM,
    skip_authorization=True,
)
for person in spec["users"]:
    user = User.objects.create_user(
        person["username"],
        email=person["email"],
        password=person["password"],
        first_name=person.get("first_name", ""),
        last_name=person.get("last_name", ""),
    )
    for name in person["groups"]:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
