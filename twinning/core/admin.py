"""The back office's shared pieces: every domain admin saves through the services.

`RegisterAdmin` is the base of every domain model's admin page. It
- keeps Danish and English fields side by side (django-modeltranslation),
- shows the change history with the acting user (django-simple-history),
- carries the record's version in the form, so that a save over someone else's newer
  change is refused with a message instead of overwriting it, and
- writes through the model's own services (`core.services.writer_for`), in the one
  transaction the admin opens per request: save, delete, bulk delete and inline rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Length, Substr
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin

from twinning.core.fields import PartialDateField
from twinning.core.models import AccessLogEntry, Source
from twinning.core.querysets import for_user, is_scoped
from twinning.core.services import StaleVersionError, Writer, writer_for

# Form fields that are the admin's own (and a formset's), not the record's.
SKIPPED_FORM_FIELDS = frozenset({"expected_version", "DELETE", "ORDER"})

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


def _has_version(model: type[models.Model]) -> bool:
    return any(field.name == "version" for field in model._meta.concrete_fields)


def _written_fields(
    form: forms.ModelForm, writer: Writer, names: Iterable[str]
) -> dict[str, Any]:
    """Return what a form says of the fields `names`, as the services take them.

    Plain fields are read from the instance the form built (files and empty values
    come as the model wants them); many-to-many fields from the cleaned data.
    Refuses a form field that the model's services do not write: it would be
    silently lost.
    """
    instance = form.instance
    many = {field.name for field in instance._meta.many_to_many}
    values: dict[str, Any] = {}
    # Fields a form writes in a way of its own (a new contact person for a
    # participant row), before the record is saved.
    own = getattr(form, "written_by_form", frozenset())
    for name in names:
        if (
            name in SKIPPED_FORM_FIELDS
            or name in own
            or name not in form.fields
            or name == instance._meta.pk.name
        ):
            continue
        if name not in writer.fields:
            raise ImproperlyConfigured(
                f"The form for {instance._meta.label} has the field {name}, which "
                "its services do not write: add it to the services' fields."
            )
        values[name] = (
            form.cleaned_data.get(name) if name in many else getattr(instance, name)
        )
    return values


def _adopt(instance: models.Model, saved: models.Model) -> None:
    """Make the admin's unsaved instance the record the service saved."""
    instance.__dict__.update(saved.__dict__)


def save_through_services(
    form: forms.ModelForm,
    request: HttpRequest,
    *,
    change: bool,
    extra: dict[str, Any] | None = None,
) -> models.Model:
    """Save one admin form's record through its model's services.

    A new record is created with every field the form has (and `extra`, such as
    an inline row's parent); a change writes the fields the user changed, refused
    if someone else saved the record since the form was opened.
    """
    instance = form.instance
    model = type(instance)
    writer = writer_for(model)
    if not change:
        fields = {**_written_fields(form, writer, form.fields), **(extra or {})}
        _adopt(instance, writer.create(actor=request.user, **fields))
        return instance
    changes = _written_fields(form, writer, form.changed_data)
    arguments: dict[str, Any] = {writer.instance: instance, "actor": request.user}
    if _has_version(model):
        arguments["expected_version"] = (
            form.cleaned_data.get("expected_version") or instance.version
        )
    writer.update(**arguments, **changes)
    return instance


def delete_through_services(instance: models.Model, request: HttpRequest) -> None:
    """Delete a record through its model's services."""
    writer = writer_for(type(instance))
    writer.delete(**{writer.instance: instance}, actor=request.user)


class ServiceFormSet(BaseInlineFormSet):
    """An inline formset whose rows are written through the services."""

    def save_through_services(self, request: HttpRequest) -> None:
        """Save, add and delete the rows, keeping the lists the admin's log reads."""
        self.new_objects: list[Any] = []
        self.changed_objects: list[Any] = []
        self.deleted_objects: list[Any] = []
        for form in self.initial_forms:
            if self.can_delete and self._should_delete_form(form):
                delete_through_services(form.instance, request)
                self.deleted_objects.append(form.instance)
            elif form.has_changed():
                save_through_services(form, request, change=True)
                self.changed_objects.append((form.instance, form.changed_data))
        for form in self.extra_forms:
            if not form.has_changed() or (
                self.can_delete and self._should_delete_form(form)
            ):
                continue
            self.new_objects.append(
                save_through_services(
                    form, request, change=False, extra={self.fk.name: self.instance}
                )
            )


class ServiceWritesMixin:
    """Save, delete and bulk-delete through the model's services, never directly."""

    def save_model(
        self, request: HttpRequest, obj: Any, form: forms.ModelForm, change: bool
    ) -> None:
        save_through_services(form, request, change=change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        delete_through_services(obj, request)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            delete_through_services(obj, request)

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        # The services wrote the many-to-many fields with the record itself.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)  # type: ignore[attr-defined]

    def save_formset(
        self, request: HttpRequest, form: forms.ModelForm, formset: Any, change: bool
    ) -> None:
        if not isinstance(formset, ServiceFormSet):
            raise ImproperlyConfigured(
                f"{type(formset).__name__} does not save through the services."
            )
        formset.save_through_services(request)


PUBLIC_NOTE = _("Shown on the public site.")
PUBLISH_NOTE = _(
    "Tick to show it on the public site. New records are internal until then."
)


def _model_field_name(db_field: Any) -> str:
    # A Danish or English column (title_da) is its field's (title).
    translated = getattr(db_field, "translated_field", None)
    return str(translated.name if translated is not None else db_field.name)


class PublicFieldsMixin:
    """Say on the form which fields reach the public pages.

    `public_fields` names them (without the language suffix); each gets "Shown on
    the public site." after its help text, and the "public" box says that ticking
    it publishes the record.
    """

    public_fields: Iterable[str] = ()

    def formfield_for_dbfield(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if field is None:
            return field
        name = _model_field_name(db_field)
        if name == "is_public":
            field.help_text = PUBLISH_NOTE
        elif name in self.public_fields:
            existing = field.help_text
            field.help_text = (
                format_lazy("{} {}", existing, PUBLIC_NOTE) if existing else PUBLIC_NOTE
            )
        return field


class ScopedChoicesMixin:
    """Offer, in every form field and inline, only the user's municipalities'."""

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
        return _scoped_field(field, request)

    def formfield_for_manytomany(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        return _scoped_field(field, request)


def _scoped_field(field: Any, request: HttpRequest) -> Any:
    if field is not None and getattr(field, "queryset", None) is not None:
        field.queryset = for_user(field.queryset, request.user)
    return field


class MunicipalityScopeMixin(ScopedChoicesMixin):
    """Show, filter, change and delete only the user's municipalities' records.

    A platform administrator sees every municipality's; reference data (places,
    organisations, themes, sources) is everyone's. Lists, change, delete and history
    pages, the autocomplete box, list filters and form choices all read through
    `for_user`, so a record of another municipality answers 404 and is offered
    nowhere.
    """

    def get_queryset(self, request: HttpRequest) -> Any:
        return for_user(super().get_queryset(request), request.user)  # type: ignore[misc]

    def get_list_filter(self, request: HttpRequest) -> Any:
        # A filter by a municipality's records offers only those the list holds.
        filters = []
        for entry in super().get_list_filter(request):  # type: ignore[misc]
            if isinstance(entry, str) and "__" not in entry:
                field = self.model._meta.get_field(entry)  # type: ignore[attr-defined]
                if field.name == "municipality":
                    entry = (entry, OwnMunicipalityFilter)
                elif field.is_relation and is_scoped(field.related_model):
                    entry = (entry, admin.RelatedOnlyFieldListFilter)
            filters.append(entry)
        return filters

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)  # type: ignore[misc]
        model = self.model  # type: ignore[attr-defined]
        if any(field.name == "municipality" for field in model._meta.fields):
            own = list(request.user.municipalities.values_list("pk", flat=True)[:2])
            if len(own) == 1:
                initial.setdefault("municipality", own[0])
        return initial

    def get_history_queryset(
        self, request: HttpRequest, history_manager: Any, pk_name: str, object_id: Any
    ) -> Any:
        records = super().get_history_queryset(  # type: ignore[misc]
            request, history_manager, pk_name, object_id
        )
        path = _municipality_path(self.model)  # type: ignore[attr-defined]
        if path is None or request.user.is_superuser:
            return records
        if path.split("__")[-1] == "municipalities":
            # A history keeps no many-to-many path: show it only for a record the
            # user sees now.
            visible = self.get_queryset(request).filter(pk=object_id).exists()
            return records if visible else records.none()
        return records.filter(
            **{f"{path}__in": request.user.municipalities.values("pk")}
        )


def _municipality_path(model: type[models.Model]) -> str | None:
    queryset = model._default_manager.get_queryset()
    return getattr(queryset, "municipality_path", None)


# As the admin's URLify writes them, so that a slug typed and one made agree.
DANISH_LETTERS = str.maketrans(
    {"æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "å": "a", "Å": "A"}
)


class SlugFromTitleMixin:
    """Make a new record's slug from its Danish or English title, whichever is
    filled (the Danish first): as it is typed, and on save if left empty.

    `slug_from` names the translated field ("title", "name").
    """

    slug_from: str | None = None

    @property
    def media(self) -> forms.Media:
        media = super().media  # type: ignore[misc]
        if self.slug_from:
            media += forms.Media(
                js=["admin/js/urlify.js", "core/admin/slug-from-title.js"]
            )
        return media

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        source = self.slug_from
        if not source or "slug" not in form.base_fields:
            return form
        sources = [f"{source}_{code}" for code, _name in settings.LANGUAGES]
        base = form

        def clean(self: forms.ModelForm) -> dict[str, Any]:
            cleaned: dict[str, Any] = base.clean(self)
            if not cleaned.get("slug"):
                title = next(
                    (cleaned.get(name) for name in sources if cleaned.get(name)), ""
                )
                length = getattr(self.fields["slug"], "max_length", None) or 100
                made = slugify(str(title).translate(DANISH_LETTERS))[:length]
                if made:
                    cleaned["slug"] = made
                    self.errors.pop("slug", None)
                else:
                    self.add_error(
                        "slug", _("Give a title in Danish or English, or a slug.")
                    )
            return cleaned

        # The subclass gets fields of its own: change them after making it.
        made_form = type(form.__name__, (form,), {"clean": clean})
        slug = made_form.base_fields["slug"]
        slug.required = False
        slug.widget.attrs["data-slug-from"] = " ".join(f"id_{name}" for name in sources)
        slug.help_text = _(
            "Made from the Danish or English title when left empty. Used in the "
            "public addresses."
        )
        return made_form


class RegisterAdmin(
    SlugFromTitleMixin,
    PublicFieldsMixin,
    MunicipalityScopeMixin,
    ServiceWritesMixin,
    SimpleHistoryAdmin,
):
    """Base admin for a record of the register."""

    form = VersionedModelForm
    save_on_top = True
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # simple_history's list of versions, less its one inline style (see the
    # template): the Content-Security-Policy refuses inline styles.
    object_history_list_template = "admin/history_list.html"

    def response_add(
        self, request: HttpRequest, obj: Any, post_url_continue: Any = None
    ) -> Any:
        """After a plain save, go back where the form was opened from (`?next=`),
        such as the staff workspace's partner file, if that is this site."""
        response = super().response_add(request, obj, post_url_continue)
        target = request.GET.get("next", "")
        back = "_save" in request.POST and url_has_allowed_host_and_scheme(
            target,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        )
        return HttpResponseRedirect(target) if back else response

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
        history = self.model.history  # type: ignore[attr-defined]
        pk_name = self.model._meta.pk.attname
        versions = self.get_history_queryset(request, history, pk_name, object_id)
        if not versions.filter(history_id=version_id).exists():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


class TranslatedRegisterAdmin(RegisterAdmin, TranslationAdmin):
    """Base admin for a record of the register with Danish and English fields."""


class _LabelledCellsMixin:
    """Name each field of a table row for screen readers: a tabular inline shows
    the label once, in the column's heading, and none beside the field."""

    def formfield_for_dbfield(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None and field.label:
            field.widget.attrs.setdefault("aria-label", str(field.label))
        return field


class _InlineFieldsMixin(_LabelledCellsMixin, PublicFieldsMixin, ScopedChoicesMixin):
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

    def get_queryset(self, request: HttpRequest) -> Any:
        entries = super().get_queryset(request)
        if request.user.is_superuser:
            return entries
        # A municipality's administrator sees the reads of its own personal data.
        return entries.filter(municipality__in=request.user.municipalities.values("pk"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OwnMunicipalityFilter(admin.RelatedFieldListFilter):
    """The filter by home municipality: it offers the municipalities the user
    works on, read from the user, not from the list's records (which, for an
    editor of a thousand municipalities with 100 partnerships each, means
    grouping the whole table on every page load)."""

    def field_choices(
        self, field: Any, request: HttpRequest, model_admin: Any
    ) -> list[tuple[Any, str]]:
        ordering = self.field_admin_ordering(field, request, model_admin)
        own = for_user(field.related_model._default_manager.all(), request.user)
        return list(
            field.get_choices(
                include_blank=False,
                ordering=ordering,
                limit_choices_to={"pk__in": own.values("pk")},
            )
        )


class PartialDateRangeFilter(admin.FieldListFilter):
    """Filter a list by a range of days on a partial date ("2022", "2022-04").

    A record is in the range when its date may fall in it, at the date's own
    precision: "2022-04" is in a range from 15 April 2022. With `end_field` (an
    activity's "until"), a record is in the range when its dates overlap it.
    Used as `list_filter = [("started", PartialDateRangeFilter)]`.
    """

    template = "core/admin/date_range_filter.html"
    end_field: str | None = None

    def __init__(
        self,
        field: Any,
        request: HttpRequest,
        params: dict[str, Any],
        model: Any,
        model_admin: Any,
        field_path: str,
    ) -> None:
        self.from_name = f"{field_path}__from"
        self.to_name = f"{field_path}__to"
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = getattr(field, "verbose_name", field_path)

    def expected_parameters(self) -> list[str]:
        return [self.from_name, self.to_name]

    def _day(self, name: str) -> Any:
        value = self.used_parameters.get(name)
        if isinstance(value, list):
            value = value[-1] if value else None
        if not value:
            return None
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError as error:
            raise IncorrectLookupParameters(error) from error

    def has_output(self) -> bool:
        return True

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        start, end = self._day(self.from_name), self._day(self.to_name)
        path = self.field_path
        last = path
        if self.end_field:
            # A record without an end is a record of its start alone.
            last_value: Any = Case(
                When(**{self.end_field: ""}, then=F(path)), default=F(self.end_field)
            )
        else:
            last_value = F(path)
        if start is not None:
            queryset = queryset.alias(_range_last=last_value).filter(
                ~Q(**{path: ""}),
                _range_last__gte=Substr(
                    Value(start.isoformat()), 1, Length("_range_last")
                ),
            )
        if end is not None:
            queryset = queryset.filter(
                ~Q(**{path: ""}), **{f"{last}__lte": end.isoformat()}
            )
        return queryset

    def choices(self, changelist: Any) -> Any:
        kept = [
            (name, value)
            for name, values in changelist.params.items()
            # A new range starts again at the first page.
            if name not in {*self.expected_parameters(), "p", "e"}
            for value in (values if isinstance(values, list) else [values])
        ]
        yield {
            "selected": bool(self.used_parameters),
            "from_name": self.from_name,
            "to_name": self.to_name,
            "from_value": self.used_parameters.get(self.from_name) or "",
            "to_value": self.used_parameters.get(self.to_name) or "",
            "kept": kept,
            "clear_query_string": changelist.get_query_string(
                remove=self.expected_parameters()
            ),
            "query_string": changelist.get_query_string(),
            "display": self.title,
        }
