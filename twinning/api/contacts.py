"""Contact persons: personal data, for tokens whose role may see contact details.

Anonymous requests get 401 and a viewer's token 403. Every read is written to the
access log (`core.AccessLogEntry`): who, when, and how many contact persons.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import P, PathEx, Router

from twinning.api.auth import acting_user, token_auth
from twinning.api.operations import (
    detail_operation,
    list_operation,
)
from twinning.api.pagination import Shown
from twinning.api.preconditions import etag
from twinning.api.problems import ProblemError
from twinning.api.schemas import MAX_ID, ContactOut, MunicipalityQuery, reference
from twinning.api.selectors import contacts_listed, writable_municipality
from twinning.contacts.models import ContactPerson
from twinning.core.models import AccessAction
from twinning.core.services import access_log_record

router = Router(tags=["contact persons"])

PERMISSIONS = ("contacts.view_contactperson", "contacts.view_contact_details")


def contact_out(contact: ContactPerson) -> ContactOut:
    return ContactOut(
        id=contact.pk,
        name=contact.name,
        organisation=reference(contact.organisation) if contact.organisation else None,
        job_title=contact.job_title,
        email=contact.email,
        phone=contact.phone,
        languages=contact.languages,
        legal_basis=contact.legal_basis,
        retain_until=contact.retain_until,
    )


@list_operation(
    router, "/contacts", ContactOut, codes=(401, 403, 404, 422), auth=token_auth
)
def contact_list(request: HttpRequest, municipality: MunicipalityQuery = None) -> Any:
    """List the contact persons, with e-mail and phone (editors, administrators).

    Every read is logged, with the number of contact persons returned.
    """
    user = acting_user(request, *PERMISSIONS)

    def log_read(contacts: list[ContactPerson]) -> None:
        access_log_record(
            actor=user,
            action=AccessAction.READ,
            model=ContactPerson,
            object_count=len(contacts),
            detail=f"api list {request.GET.urlencode()}"[:500],
        )

    return Shown(
        contacts_listed(
            municipality=writable_municipality(request, municipality, user=user)
        ),
        contact_out,
        on_page=log_read,
    )


@detail_operation(
    router,
    "/contacts/{contact_id}",
    ContactOut,
    codes=(401, 403, 404, 422),
    auth=token_auth,
)
def contact_detail(
    request: HttpRequest,
    response: HttpResponse,
    contact_id: PathEx[int, P(ge=1, le=MAX_ID)],
    municipality: MunicipalityQuery = None,
) -> Any:
    """Return one contact person (editors, administrators); the read is logged."""
    user = acting_user(request, *PERMISSIONS)
    contact = (
        contacts_listed(
            municipality=writable_municipality(request, municipality, user=user)
        )
        .filter(pk=contact_id)
        .first()
    )
    if contact is None:
        raise ProblemError(404, _("No contact person has this id."))
    access_log_record(
        actor=user,
        action=AccessAction.READ,
        model=ContactPerson,
        object_id=contact.pk,
        detail="api",
    )
    response["ETag"] = etag("contact", str(contact.pk), contact.version)
    return contact_out(contact)
