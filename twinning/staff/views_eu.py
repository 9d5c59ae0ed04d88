"""The staff workspace's EU pipeline (calls, partner searches, applications, grants
with their participant lists, early warnings, the office's visits) and matchmaking
(new partners, and the twin-town graph around the partners).

Every read is scoped to the user's municipalities; the workbook of a funded
activity's participant lists is the grant report's annex.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.activities.models import Activity
from twinning.core.models import AccessAction
from twinning.core.services import access_log_record
from twinning.eu.call_templates import CALL_TEMPLATES
from twinning.eu.choices import ApplicationOutcome, CallTemplate
from twinning.eu.models import Application, ParticipantList
from twinning.eu.selectors import eu_pipeline_of_staff, threshold_check
from twinning.eu.services import funding_opportunity_from_template
from twinning.partnerships.matching import (
    TwinTownNetwork,
    suggest_partners,
    twin_town_graph,
)
from twinning.partnerships.models import Theme
from twinning.staff.grant_report import MEDIA_TYPE, participant_report_xlsx
from twinning.staff.selectors import municipalities_of
from twinning.staff.views import StaffPage, StaffView

LIMIT = 15
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
MIN_YEAR, MAX_YEAR = 2021, 2035


class EUPipelineView(StaffPage):
    """The EU pipeline of the user's municipalities, from call to grant."""

    template_name = "staff/eu.html"
    title = gettext_lazy("EU pipeline")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        pipeline = eu_pipeline_of_staff(user=self.request.user, today=today)
        return {
            **super().get_context_data(**kwargs),
            "pipeline": pipeline,
            "today": today,
            "templates": [(key, CallTemplate(key).label) for key in CALL_TEMPLATES],
            "year": today.year,
            "municipalities": list(municipalities_of(self.request.user)),
            "may_add_call": self.request.user.has_perm("eu.add_fundingopportunity"),
        }


class ParticipantReportView(StaffView):
    """Download a funded activity's participant lists as the grant report's XLSX."""

    def get(self, request: HttpRequest, application: int, activity: int) -> Any:
        found = (
            Application.objects.for_user(request.user)
            .select_related("call")
            .filter(pk=application, outcome=ApplicationOutcome.GRANTED)
            .first()
        )
        funded = (
            found.activities.filter(pk=activity).select_related("place").first()
            if found is not None
            else None
        )
        if found is None or not isinstance(funded, Activity):
            raise Http404(_("No funded activity of yours has this address."))
        check = threshold_check(activity=funded, application=found)
        response = HttpResponse(participant_report_xlsx(check), content_type=MEDIA_TYPE)
        name = slugify(f"participants {funded.slug}") or "participants"
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response


class ParticipantScanView(StaffView):
    """Serve the scan of a town's signed participant list to the staff it belongs
    to, and log the read: the list holds people's names and signatures. Scans are
    never served as static media."""

    def get(self, request: HttpRequest, pk: int) -> Any:
        item = (
            ParticipantList.objects.for_user(request.user)
            .select_related("activity__municipality")
            .filter(pk=pk)
            .exclude(scan="")
            .first()
        )
        if item is None or not item.scan.storage.exists(item.scan.name):
            raise Http404(_("No scan of yours has this address."))
        access_log_record(
            actor=request.user,  # type: ignore[arg-type]
            action=AccessAction.READ,
            model=ParticipantList,
            object_id=item.pk,
            municipality=item.activity.municipality,
            detail=f"staff: scan of the signed list of {item}",
        )
        return FileResponse(
            item.scan.open("rb"),
            as_attachment=True,
            filename=item.scan.name.rsplit("/", 1)[-1],
        )


class MatchmakingView(StaffPage):
    """New partners for one of the user's municipalities, with the twin-town graph
    around its partners."""

    template_name = "staff/matchmaking.html"
    title = gettext_lazy("Matchmaking")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        municipalities = list(municipalities_of(self.request.user))
        wanted = self.request.GET.get("municipality", "")
        municipality = next(
            (m for m in municipalities if m.slug == wanted),
            municipalities[0] if municipalities else None,
        )
        themes = list(Theme.objects.order_by("name"))
        theme = self.request.GET.get("theme", "")
        if theme and theme not in {t.slug for t in themes}:
            theme = ""
        suggestions: list[Any] = []
        graph = None
        if municipality is not None:
            network = TwinTownNetwork.load()
            suggestions = suggest_partners(
                municipality=municipality,
                theme=theme or None,
                limit=LIMIT,
                network=network,
            )
            graph = twin_town_graph(municipality=municipality, network=network)
        context.update(
            municipalities=municipalities,
            municipality=municipality,
            themes=themes,
            theme=theme,
            suggestions=suggestions,
            graph=graph,
        )
        return context


class CallFromTemplateView(StaffView):
    """Make a funding call from a template (CERV Town-Twinning, Networks of Towns)
    for one of the user's municipalities, then open it in the back office."""

    permission = "eu.add_fundingopportunity"
    refusal = gettext_lazy("Your role may not record funding calls.")
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        back = reverse("staff:eu")
        municipalities = {m.slug: m for m in municipalities_of(request.user)}
        municipality = municipalities.get(request.POST.get("municipality", ""))
        if municipality is None and len(municipalities) == 1:
            municipality = next(iter(municipalities.values()))
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            year = 0
        if municipality is None:
            messages.error(request, _("Home municipality: choose one of yours."))
            return HttpResponseRedirect(back)
        problem = ""
        if not MIN_YEAR <= year <= MAX_YEAR:
            problem = _("Year: give a year from %(first)s to %(last)s.") % {
                "first": MIN_YEAR,
                "last": MAX_YEAR,
            }
        deadline = None
        text = request.POST.get("deadline", "").strip()
        if not problem and text:
            try:
                deadline = dt.datetime.fromisoformat(text).replace(tzinfo=BRUSSELS)
            except ValueError:
                problem = _("Deadline: give a date and time, such as 2026-09-18 17:00.")
        if problem:
            messages.error(request, problem)
            return HttpResponseRedirect(back)
        try:
            call = funding_opportunity_from_template(
                actor=request.user,  # type: ignore[arg-type]
                municipality=municipality,
                template=request.POST.get("template", ""),
                year=year,
                deadline=deadline,
            )
        except ValidationError as error:
            messages.error(request, " ".join(_field_messages(error)))
            return HttpResponseRedirect(back)
        messages.success(
            request,
            _("%(call)s is recorded, internal until you have checked it.")
            % {"call": call.call_identifier},
        )
        return HttpResponseRedirect(
            reverse("admin:eu_fundingopportunity_change", args=[call.pk])
        )


def _field_messages(error: ValidationError) -> list[str]:
    """Return an error's messages, each after the name of its field."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    return [
        f"{name}: {message}"
        for name, errors in error.message_dict.items()
        for message in errors
    ]
