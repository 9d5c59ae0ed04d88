"""The back office's import page: check a file (a dry run), then confirm the import.

The uploaded file is checked at once and the report shown: every problem by row,
column and value. A file without problems is kept in the user's session (the
database-backed session, so any app server can read it on confirmation; at most
`TWINNING_IMPORT_MAX_FILE_BYTES`), under the SHA-256 of its content, which the
confirmation must name: a confirmation from an older page, or after another upload
in another tab, cannot import a file the user did not see checked. Confirming runs
the import for real, again checking every row, and removes the file from the
session.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from twinning.imports.services import ImportReport, import_from_bytes
from twinning.places.models import Municipality

SESSION_KEY = "imports:pending"

KIND_LABELS = {
    "places": _("Places"),
    "partnerships": _("Partnerships"),
    "activities": _("Activities"),
}
# What a user needs to import each kind: to add and change its records, and for
# partnerships to add partner places and organisations and record events.
KIND_PERMISSIONS = {
    "places": ("places.add_place", "places.change_place"),
    "partnerships": (
        "partnerships.add_partnership",
        "partnerships.change_partnership",
        "partnerships.add_partnershipevent",
        "places.add_place",
        "places.add_organisation",
    ),
    "activities": ("activities.add_activity", "activities.change_activity"),
}


def permitted_kinds(user: Any) -> list[str]:
    """Return the kinds of table a user may import."""
    return [
        kind
        for kind, permissions in KIND_PERMISSIONS.items()
        if user.has_perms(permissions)
    ]


def municipalities_for(user: Any) -> Any:
    """Return the home municipalities a user works on (all, for a platform admin)."""
    return Municipality.objects.for_user(user)


class TableImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"))
    municipality = forms.ModelChoiceField(
        label=_("Home municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_("Partnerships and activities belong to a home municipality."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (separated by semicolons or commas; UTF-8 or Windows-1252) or an "
            "Excel workbook (.xlsx), with the columns of the open-data downloads. "
            "The first row names the columns."
        ),
    )

    def __init__(
        self, *args: Any, kinds: list[str], municipalities: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, KIND_LABELS[kind]) for kind in kinds]
        field = self.fields["municipality"]
        field.queryset = municipalities  # type: ignore[attr-defined]
        if len(municipalities) == 1:
            field.initial = municipalities[0].pk

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.TWINNING_IMPORT_MAX_FILE_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "The file is larger than %(limit)s MB. Import it with the "
                    "command import_records instead."
                ),
                params={"limit": limit // (1024 * 1024)},
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") not in (None, "places") and not cleaned.get(
            "municipality"
        ):
            self.add_error(
                "municipality", _("Choose the home municipality to import into.")
            )
        return cleaned


class TableImportView(View):
    """Check a table of places, partnerships or activities, then import it."""

    template_name = "imports/import.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.kinds = permitted_kinds(request.user)
        if not self.kinds:
            raise PermissionDenied
        self.municipalities = municipalities_for(request.user)
        return super().dispatch(request, *args, **kwargs)

    def form(self, *args: Any) -> TableImportForm:
        return TableImportForm(
            *args, kinds=self.kinds, municipalities=self.municipalities
        )

    def render(self, request: HttpRequest, **context: Any) -> HttpResponse:
        report = context.get("report")
        return render(
            request,
            self.template_name,
            {
                **admin.site.each_context(request),
                "title": _("Import a table"),
                "kind_label": KIND_LABELS[report.kind] if report else "",
                **context,
            },
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, form=self.form())

    def post(self, request: HttpRequest) -> HttpResponse:
        if "confirm" in request.POST:
            return self.confirm(request)
        if "cancel" in request.POST:
            request.session.pop(SESSION_KEY, None)
            return HttpResponseRedirect(reverse("imports:import"))
        form = self.form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, form=form)
        upload = form.cleaned_data["file"]
        content = upload.read()
        kind = form.cleaned_data["kind"]
        municipality = form.cleaned_data["municipality"]
        report = import_from_bytes(
            kind=kind,
            content=content,
            name=upload.name,
            municipality=municipality if kind != "places" else None,
            actor=request.user,
            dry_run=True,
        )
        digest = hashlib.sha256(content).hexdigest()
        if report.ok:
            request.session[SESSION_KEY] = {
                "kind": kind,
                "municipality": municipality.pk if municipality else None,
                "name": upload.name,
                "content": base64.b64encode(content).decode("ascii"),
                "digest": digest,
            }
        else:
            request.session.pop(SESSION_KEY, None)
        return self.render(
            request,
            form=self.form(),
            report=report,
            digest=digest if report.ok else "",
            municipality=municipality if kind != "places" else None,
        )

    def confirm(self, request: HttpRequest) -> HttpResponse:
        pending = request.session.get(SESSION_KEY)
        if not pending or pending.get("digest") != request.POST.get("digest"):
            messages.error(
                request,
                _(
                    "The checked file is no longer waiting to be imported (it was "
                    "imported, cancelled, or another file was checked since). Upload "
                    "it again."
                ),
            )
            return HttpResponseRedirect(reverse("imports:import"))
        kind = pending["kind"]
        if kind not in self.kinds:
            raise PermissionDenied
        municipality = None
        if pending["municipality"] is not None:
            municipality = self.municipalities.filter(
                pk=pending["municipality"]
            ).first()
            if municipality is None:
                raise PermissionDenied
        request.session.pop(SESSION_KEY, None)
        report: ImportReport = import_from_bytes(
            kind=kind,
            content=base64.b64decode(pending["content"]),
            name=pending["name"],
            municipality=municipality,
            actor=request.user,
            dry_run=False,
        )
        if not report.ok:
            # The register changed between the check and the confirmation.
            return self.render(
                request, form=self.form(), report=report, municipality=municipality
            )
        messages.success(
            request,
            _("The file %(file)s was imported. %(summary)s")
            % {"file": report.file_name, "summary": report.summary()},
        )
        return HttpResponseRedirect(reverse("imports:import"))
