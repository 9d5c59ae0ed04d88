"""The staff workspace's EU pipeline: calls, partner searches, applications,
grants with their participant lists, early warnings, and the office's visits.

Every read is scoped to the user's municipalities (`eu.selectors`); the workbook of
a funded activity's participant lists is the grant report's annex.
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
from twinning.staff.grant_report import MEDIA_TYPE, participant_report_xlsx
from twinning.staff.views import StaffPage, StaffView


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
