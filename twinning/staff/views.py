"""The staff workspace's pages, in the back office's look.

Every page is for signed-in staff: an anonymous visitor is sent to the back office's
login and comes back; a member of staff whose role may not read the register gets the
403 page, which says what the role may not do. Every read is scoped to the user's
municipalities (the selectors), and every page that shows a contact person's name
logs the read.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from twinning.contacts.models import ContactPerson
from twinning.core.models import AccessAction
from twinning.core.services import access_log_record, record_review
from twinning.staff import selectors
from twinning.staff.roles import role_labels, role_limits

READ_PERMISSION = "partnerships.view_partnership"
REVIEW_PERMISSION = "partnerships.change_partnership"


def back_office_context(request: HttpRequest) -> dict[str, Any]:
    """Return what the admin's templates need: header, user tools, no side bar."""
    return {
        **admin.site.each_context(request),
        "is_nav_sidebar_enabled": False,
        "roles": role_labels(request.user),
    }


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer 403 in the back office's look, saying what the user's role may not do.

    The project's handler for every refusal, the admin's included.
    """
    message = str(exception) if exception and str(exception) else ""
    template = loader.get_template("403.html")
    context = {
        **back_office_context(request),
        "title": _("You may not do this"),
        "message": message,
        "limits": role_limits(request.user),
    }
    return HttpResponse(template.render(context, request), status=403)


class StaffView(View):
    """A page of the workspace: signed-in staff with a role that reads the register."""

    permission = READ_PERMISSION
    refusal = gettext_lazy("Your role may not read the register.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not (user.is_active and user.is_staff and user.has_perm(self.permission)):
            raise PermissionDenied(self.refusal)
        return super().dispatch(request, *args, **kwargs)

    def log_contacts_read(
        self, contacts: list[ContactPerson], *, detail: str, search: bool = False
    ) -> None:
        """Log that a page showed contact persons' names (or searched them)."""
        if not contacts and not search:
            return
        whose = {contact.municipality_id for contact in contacts}
        access_log_record(
            actor=self.request.user,  # type: ignore[arg-type]
            action=AccessAction.SEARCH if search else AccessAction.READ,
            model=ContactPerson,
            municipality=contacts[0].municipality if len(whose) == 1 else None,
            object_id=contacts[0].pk if len(contacts) == 1 else "",
            object_count=len(contacts),
            detail=detail,
        )


class StaffPage(StaffView, TemplateView):
    title: Any = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **back_office_context(self.request),
            "title": self.title,
            "query": self.request.GET.get("q", ""),
            **super().get_context_data(**kwargs),
        }


class AttentionView(StaffPage):
    """What needs attention today in the user's municipalities."""

    template_name = "staff/attention.html"
    title = gettext_lazy("What needs attention")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        attention = selectors.attention_for(self.request.user, now=timezone.now())
        self.log_contacts_read(attention.contacts, detail="staff: past retention")
        return {
            **super().get_context_data(**kwargs),
            "attention": attention,
            "municipalities": selectors.municipalities_of(self.request.user),
        }


class PartnerFileView(StaffPage):
    """A partnership's file: its history and everything under it."""

    template_name = "staff/partner.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        partnership = selectors.partnership_for(
            self.request.user,
            kwargs["slug"],
            self.request.GET.get("municipality"),
        )
        if partnership is None:
            raise Http404(_("No partnership of yours has this address."))
        today = timezone.localdate()
        file = selectors.partner_file(partnership, today=today)
        stale = [
            fact
            for fact in selectors.stale_facts(
                municipalities=[partnership.municipality], today=today
            )
            if fact.partnership is not None and fact.partnership.pk == partnership.pk
        ]
        user = self.request.user
        details = user.has_perm("contacts.view_contact_details")
        self.log_contacts_read(
            file.contacts,
            detail=f"staff: partner file {partnership.slug}"
            + (" with details" if details else ""),
        )
        context = super().get_context_data(**kwargs)
        back = self.request.get_full_path()
        context.update(
            title=partnership.partner_name,
            file=file,
            stale=stale,
            elsewhere=[
                other
                for other in selectors.partnerships_at(user, partnership.slug)
                if other.pk != partnership.pk
            ],
            partnership=partnership,
            show_details=details,
            may_review=user.has_perm(REVIEW_PERMISSION),
            change_url=selectors.change_url(partnership),
            add_activity_url=add_url("activities_activity", partnership, back),
            add_result_url=add_url("results_result", partnership, back),
            add_call_url=add_url("eu_fundingopportunity", partnership, back, many=True),
            add_partner_search_url=add_url(
                "eu_partnersearch", partnership, back, many=True
            ),
        )
        return context


def add_url(admin_name: str, partnership: Any, back: str, *, many: bool = False) -> str:
    """The back office's form for a new record of the partnership, which returns
    to `back` (the partner file) when saved: `many` for a list of partnerships."""
    query = urlencode(
        {
            "municipality": partnership.municipality_id,
            "partnerships" if many else "partnership": partnership.pk,
            "next": back,
        }
    )
    return f"{reverse(f'admin:{admin_name}_add')}?{query}"


class PartnerReviewView(StaffView):
    """Mark a partnership's file as reviewed: its facts checked today."""

    permission = REVIEW_PERMISSION
    refusal = gettext_lazy("Your role may not mark records as reviewed.")
    http_method_names = ["post"]

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        municipality = request.GET.get("municipality")
        partnership = selectors.partnership_for(request.user, slug, municipality)
        if partnership is None:
            raise Http404(_("No partnership of yours has this address."))
        record_review(record=partnership, actor=request.user)  # type: ignore[arg-type]
        messages.success(
            request,
            _("%(partner)s is marked as reviewed today.")
            % {"partner": partnership.partner_name},
        )
        target = reverse("staff:partner", args=[slug])
        if municipality:
            target += f"?municipality={partnership.municipality.slug}"
        return HttpResponseRedirect(target)


class SearchView(StaffPage):
    """Find any record of the user's municipalities by any of its names or titles."""

    template_name = "staff/search.html"
    title = gettext_lazy("Search")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = " ".join(context["query"].split())
        groups, contacts = selectors.search_staff(self.request.user, query)
        if query:
            # Searching contact persons by name is a search of personal data.
            access_log_record(
                actor=self.request.user,  # type: ignore[arg-type]
                action=AccessAction.SEARCH,
                model=ContactPerson,
                object_count=contacts,
                detail=f"staff search q={query}",
            )
        context.update(
            query=query,
            groups=groups,
            count=sum(len(group.hits) for group in groups),
        )
        return context
