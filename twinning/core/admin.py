"""The back office's shared pieces: every domain admin saves through the services.

`RegisterAdmin` is the base of every domain model's admin page. It
- keeps Danish and English fields side by side (django-modeltranslation),
- shows the change history with the acting user (django-simple-history),
- carries the record's version in the form, so that a save over someone else's newer
  change is refused with a message instead of overwriting it, and
- writes through `core.services`, in the one transaction the admin opens per request.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin

from twinning.core.fields import PartialDateField
from twinning.core.models import AccessLogEntry, Source
from twinning.core.services import (
    StaleVersionError,
    record_create,
    record_delete,
    record_update,
)

admin.site.site_header = _("Twinning: international relations")
admin.site.site_title = _("Twinning")
admin.site.index_title = _("The register")


class VersionedModelForm(forms.ModelForm):
    """A model form that remembers which version of the record it was opened on."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
            # Without it a save could not tell whether it overwrites a newer change.
            self.fields["expected_version"].required = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is not None:
            current = (
                type(self.instance)
                ._default_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current != expected:
                raise StaleVersionError(self.instance)
        return cleaned


def save_through_services(form: forms.ModelForm, request: HttpRequest) -> models.Model:
    """Save one admin form's record through the services, with its expected version."""
    instance = form.save(commit=False)
    if instance.pk and instance._state.adding is False:
        expected = form.cleaned_data.get("expected_version") or instance.version
        record_update(instance=instance, actor=request.user, expected_version=expected)
    else:
        record_create(instance=instance, actor=request.user)
    form.save_m2m()
    return instance


class ServiceFormSet(BaseInlineFormSet):
    """An inline formset whose rows are written through the services."""

    def save_through_services(self, request: HttpRequest) -> None:
        """Save, add and delete the rows, keeping the lists the admin's log reads."""
        self.new_objects: list[Any] = []
        self.changed_objects: list[Any] = []
        self.deleted_objects: list[Any] = []
        for form in self.initial_forms:
            if self.can_delete and self._should_delete_form(form):
                record_delete(instance=form.instance, actor=request.user)
                self.deleted_objects.append(form.instance)
            elif form.has_changed():
                save_through_services(form, request)
                self.changed_objects.append((form.instance, form.changed_data))
        for form in self.extra_forms:
            if not form.has_changed() or (
                self.can_delete and self._should_delete_form(form)
            ):
                continue
            # On an add page the parent had no key when the row was built.
            setattr(form.instance, self.fk.name, self.instance)
            self.new_objects.append(save_through_services(form, request))


class RegisterAdmin(SimpleHistoryAdmin):
    """Base admin for a record of the register."""

    form = VersionedModelForm
    save_on_top = True
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        names = {
            name
            for _title, options in fieldsets
            for name in options.get("fields", ())
            if isinstance(name, str)
        }
        if "expected_version" not in names:
            first_title, first_options = fieldsets[0]
            fieldsets = [
                (
                    first_title,
                    {
                        **first_options,
                        "fields": [*first_options["fields"], "expected_version"],
                    },
                ),
                *fieldsets[1:],
            ]
        return fieldsets

    def save_model(
        self, request: HttpRequest, obj: Any, form: forms.ModelForm, change: bool
    ) -> None:
        if change:
            expected = form.cleaned_data.get("expected_version") or obj.version
            record_update(instance=obj, actor=request.user, expected_version=expected)
        else:
            record_create(instance=obj, actor=request.user)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record_delete(instance=obj, actor=request.user)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: Any = None,
    ) -> Any:
        # History is for reading: a revert would write around the services and the
        # version check, whatever the user's role.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_formset(
        self, request: HttpRequest, form: forms.ModelForm, formset: Any, change: bool
    ) -> None:
        if isinstance(formset, ServiceFormSet):
            formset.save_through_services(request)
        else:
            super().save_formset(request, form, formset, change)


class TranslatedRegisterAdmin(RegisterAdmin, TranslationAdmin):
    """Base admin for a record of the register with Danish and English fields."""


class _InlineFieldsMixin:
    form = VersionedModelForm
    formset = ServiceFormSet
    extra = 0
    # Rows of a table stay short: long texts get two lines, dates ten characters.
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 28})},
        PartialDateField: {"widget": forms.TextInput(attrs={"size": 10})},
        models.URLField: {"assume_scheme": "https"},
    }

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))  # type: ignore[misc]
        if "expected_version" not in fields:
            fields.append("expected_version")
        return fields


class RegisterTabularInline(_InlineFieldsMixin, admin.TabularInline):
    """A table of dependent records saved through the services."""


class TranslatedTabularInline(_InlineFieldsMixin, TranslationTabularInline):
    """A table of dependent records with Danish and English fields."""


class TranslatedStackedInline(_InlineFieldsMixin, TranslationStackedInline):
    """Dependent records with long Danish and English texts."""


@admin.register(Source)
class SourceAdmin(TranslatedRegisterAdmin):
    list_display = ["title", "url", "published"]
    search_fields = ["title_da", "title_en", "url", "key"]
    prepopulated_fields = {"key": ["title_en"]}


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """The access log of personal data: read only, for administrators."""

    list_display = ["at", "actor_name", "action", "model", "object_id", "object_count"]
    list_filter = ["action", "model"]
    search_fields = ["actor_name", "object_id", "detail"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
