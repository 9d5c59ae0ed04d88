"""The staff workspace's EU pipeline (calls, partner searches, applications, grants
with their participant lists, early warnings, the office's visits) and matchmaking
(new partners, and the twin-town graph around the partners).

Every read is scoped to the user's municipalities; the workbook of a funded
activity's participant lists is the grant report's annex.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.activities.models import Activity
from twinning.eu.choices import ApplicationOutcome
from twinning.eu.models import Application
from twinning.eu.selectors import eu_pipeline_of_staff, threshold_check
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
            "outcomes": ApplicationOutcome,
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
