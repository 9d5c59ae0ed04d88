"""The council report on the staff workspace: /staff/reports/, in its look.

This face serves its own page under /staff/reports/ rather than the staff face
serving it: two faces may not import each other, and the report (its figures and
its three formats) lives here, where the command also finds it. The page extends
the workspace's template, and refuses whom the workspace refuses: an anonymous
visitor goes to the login, a role that may not read the register gets 403. The
form offers only the user's own municipalities.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from twinning.places.models import Municipality
from twinning.reports.rendering import CONTENT_TYPES, render_pdf, render_xlsx
from twinning.reports.selectors import council_report, period_of

READ_PERMISSION = "partnerships.view_partnership"


class ReportForm(forms.Form):
    """What report to make: whose, which period, in which language and format."""

    municipality: forms.ModelChoiceField[Municipality] = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), empty_label=None
    )
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=1900, max_value=2200
    )
    date_from = forms.DateField(
        label=_("Or from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("da", "Dansk"), ("en", "English")]
    )
    output_format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("html", _("Preview here")),
            ("pdf", _("PDF (download)")),
            ("xlsx", _("Spreadsheet, XLSX (download)")),
        ],
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = Municipality.objects.for_user(user).order_by("name")
        self.fields["municipality"].queryset = queryset  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        year = data.get("year")
        date_from, date_to = data.get("date_from"), data.get("date_to")
        try:
            data["period"] = period_of(
                year=year if not (date_from or date_to) else None,
                date_from=date_from,
                date_to=date_to,
            )
        except ValueError as error:
            field = "date_to" if date_from and date_to else "year"
            self.add_error(field, str(error))
        return data


class CouncilReportView(View):
    """Make the council report: a preview on the page, or a PDF or XLSX download."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not (user.is_active and user.is_staff and user.has_perm(READ_PERMISSION)):
            raise PermissionDenied(_("Your role may not read the register."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        asked = "output_format" in request.GET
        initial = {
            "year": today.year - 1,
            "language": (request.LANGUAGE_CODE or "da")[:2],
            "output_format": "html",
        }
        form = ReportForm(
            request.GET if asked else None, user=request.user, initial=initial
        )
        report = None
        if asked and form.is_valid():
            data = form.cleaned_data
            date_from, date_to = data["period"]
            report = council_report(
                municipality=data["municipality"],
                date_from=date_from,
                date_to=date_to,
                language=data["language"],
                today=today,
            )
            output_format = data["output_format"]
            if output_format in ("pdf", "xlsx"):
                body = (
                    render_pdf(report)
                    if output_format == "pdf"
                    else render_xlsx(report)
                )
                response = HttpResponse(body, content_type=CONTENT_TYPES[output_format])
                name = _file_name(
                    data["municipality"], date_from, date_to, data["language"]
                )
                response["Content-Disposition"] = (
                    f'attachment; filename="{name}.{output_format}"'
                )
                return response
        context = {
            **admin.site.each_context(request),
            "is_nav_sidebar_enabled": False,
            "title": _("Report to the City Council"),
            "form": form,
            "report": report,
        }
        return render(
            request,
            "reports/page.html",
            context,
            status=200 if not form.errors else 400,
        )


def _file_name(
    municipality: Municipality, date_from: dt.date, date_to: dt.date, language: str
) -> str:
    return f"council-report-{municipality.slug}-{date_from}-{date_to}-{language}"
