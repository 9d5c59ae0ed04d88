"""Contact persons in the back office: every read and search is logged.

Viewers see a contact's name, organisation and job title, but not the e-mail or
phone: those need the permission `contacts.view_contact_details`.
"""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from twinning.contacts.models import ContactPerson
from twinning.contacts.services import contact_erase, contact_export
from twinning.core.admin import RegisterAdmin
from twinning.core.models import AccessAction
from twinning.core.services import access_log_record

DETAILS = ("email", "phone")


def may_see_details(request: HttpRequest) -> bool:
    return request.user.has_perm("contacts.view_contact_details")


def log_read(
    request: HttpRequest, contact: ContactPerson, object_id: str, detail: str
) -> None:
    """Write a read of a contact person's page to the access log."""
    access_log_record(
        actor=request.user,
        action=AccessAction.READ,
        model=ContactPerson,
        municipality=contact.municipality,
        object_id=object_id,
        detail=detail,
    )


@admin.register(ContactPerson)
class ContactPersonAdmin(RegisterAdmin):
    list_display = ["name", "organisation", "job_title", "retain_until"]
    list_filter = ["legal_basis", "municipality"]
    search_fields = [
        "name",
        "organisation__name_da",
        "organisation__name_en",
        "job_title",
    ]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    actions = ["export_selected", "erase_selected"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))
        if not may_see_details(request):
            fields = [field for field in fields if field not in DETAILS]
        return fields

    def get_list_display(self, request: HttpRequest) -> Any:
        if may_see_details(request):
            return [*self.list_display, "email", "phone"]
        return self.list_display

    def get_search_fields(self, request: HttpRequest) -> Any:
        if may_see_details(request):
            return [*self.search_fields, "email"]
        return self.search_fields

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}) or {}
        shown = changelist.get("cl")
        if shown is not None:
            query = request.GET.get("q", "")
            whose = {contact.municipality_id for contact in shown.result_list}
            access_log_record(
                actor=request.user,
                action=AccessAction.SEARCH if query else AccessAction.READ,
                model=ContactPerson,
                municipality=shown.result_list[0].municipality
                if len(whose) == 1
                else None,
                object_count=len(shown.result_list),
                detail=f"q={query}" if query else "list",
            )
        return response

    def lookup_allowed(self, lookup: str, value: str, request: Any = None) -> bool:
        """Refuse, and log, a filter by a detail the user may not see.

        A viewer who could filter by e-mail or phone (`?email__startswith=l`) could
        rebuild one letter by letter from whether a row is shown.
        """
        hidden = lookup.split("__")[0] in DETAILS
        if hidden and request is not None and not may_see_details(request):
            access_log_record(
                actor=request.user,
                action=AccessAction.SEARCH,
                model=ContactPerson,
                object_count=0,
                detail=f"refused filter {lookup}={value}",
            )
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[ContactPerson], search_term: str
    ) -> Any:
        results = super().get_search_results(request, queryset, search_term)
        # The change list logs its own searches; this logs the autocomplete box of
        # other pages (a participant, a post holder), which searches contacts too.
        if search_term and request.resolver_match.url_name == "autocomplete":
            access_log_record(
                actor=request.user,
                action=AccessAction.SEARCH,
                model=ContactPerson,
                object_count=0,
                detail=f"autocomplete q={search_term}",
            )
        return results

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        contact = self.get_object(request, object_id)
        if request.method == "GET" and contact is not None:
            detail = "with details" if may_see_details(request) else ""
            log_read(request, contact, object_id, detail)
        return super().change_view(request, object_id, form_url, extra_context)

    def _read_earlier(self, request: HttpRequest, object_id: str, detail: str) -> None:
        """Refuse earlier versions to who may not see contact details; log the read."""
        if not may_see_details(request):
            raise PermissionDenied
        contact = self.get_object(request, object_id)
        if contact is None:
            raise Http404
        log_read(request, contact, object_id, detail)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        # Earlier versions hold the e-mail and phone too.
        self._read_earlier(request, object_id, "history")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: Any = None,
    ) -> HttpResponse:
        # An earlier version holds the e-mail and phone of its time.
        self._read_earlier(request, object_id, f"earlier version {version_id}")
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.action(
        description=_("Export the selected contact persons' data"),
        permissions=["view_details"],
    )
    def export_selected(
        self, request: HttpRequest, queryset: QuerySet[ContactPerson]
    ) -> HttpResponse:
        data = [
            contact_export(contact=contact, actor=request.user) for contact in queryset
        ]
        response = JsonResponse(
            data, safe=False, json_dumps_params={"ensure_ascii": False}
        )
        response["Content-Disposition"] = 'attachment; filename="contact-persons.json"'
        return response

    @admin.action(
        description=_("Erase the selected contact persons and their history"),
        permissions=["delete"],
    )
    def erase_selected(
        self, request: HttpRequest, queryset: QuerySet[ContactPerson]
    ) -> HttpResponse | None:
        if request.POST.get("post") != "yes":
            # First a page that says what erasing does, and asks.
            return TemplateResponse(
                request,
                "admin/contacts/contactperson/erase_selected.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Erase contact persons"),
                    "opts": self.model._meta,
                    "contacts": list(queryset),
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        count = 0
        for contact in queryset:
            contact_erase(contact=contact, actor=request.user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "Erased %(count)d contact person.",
                "Erased %(count)d contact persons.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
        return None

    def get_queryset(self, request: HttpRequest) -> QuerySet[ContactPerson]:
        # The stand-in for erased people is no one to read, change or erase.
        return super().get_queryset(request).filter(is_erased_person=False)

    def has_view_details_permission(self, request: HttpRequest) -> bool:
        return may_see_details(request)
