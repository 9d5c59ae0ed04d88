"""The services are the only way to write the register, and they are typed.

Every domain model names the services that write it; the back office's forms have
no field those services do not write; code that is not a service cannot save,
delete or bulk-write a domain model; no service takes untyped keywords.
"""

from __future__ import annotations

import inspect
import pkgutil
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory

import twinning
from twinning.core.models import Review, ServiceWrittenModel
from twinning.core.services import WRITERS, WriteOutsideService, writer_for
from twinning.partnerships.models import Partnership, Theme
from twinning.places.models import TwinTownLink
from twinning.projects.models import ProjectSector

# Written as a whole by their own services: a project's sector shares by
# `project_set_sectors` (which holds their rule), the twin-town network in bulk by
# `twin_town_links_add`; a review is only ever added, by `record_review`.
WRITTEN_TOGETHER = {ProjectSector, TwinTownLink, Review}
DOMAIN_MODELS = sorted(
    (
        model
        for model in apps.get_models()
        if issubclass(model, ServiceWrittenModel) and model not in WRITTEN_TOGETHER
    ),
    key=lambda model: model._meta.label,
)
SERVICE_MODULES = [
    import_module(f"twinning.{config.label}.services")
    for config in apps.get_app_configs()
    if config.name.startswith("twinning.")
    and (Path(config.path) / "services.py").exists()
]


def field_names(model):
    return {field.name for field in model._meta.get_fields() if not field.auto_created}


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_every_domain_model_has_services_that_write_it(model):
    writer = writer_for(model)

    assert writer.fields <= field_names(model), writer.fields - field_names(model)


def test_the_registered_writers_are_the_domain_models():
    assert set(WRITERS) == set(DOMAIN_MODELS)


def _forms_of_the_back_office(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        if model not in WRITERS:
            continue
        yield model, model_admin.get_form(request)
        for inline in model_admin.get_inline_instances(request):
            if inline.model in WRITERS:
                formset = inline.get_formset(request)
                yield inline.model, formset.form


def test_no_back_office_form_has_a_field_its_services_do_not_write(administrator):
    checked = 0
    for model, form in _forms_of_the_back_office(administrator):
        writer = writer_for(model)
        names = set(form.base_fields) - {"expected_version", "id", "DELETE"}
        names -= getattr(form, "written_by_form", frozenset())
        names -= {field.name for field in model._meta.fields if field.primary_key}
        assert names <= writer.fields, (model._meta.label, names - writer.fields)
        checked += 1
    assert checked > 25


def test_a_domain_model_cannot_be_saved_outside_a_service(db):
    with pytest.raises(WriteOutsideService):
        Theme(slug="smuggled", name="Smuggled").save()


def test_a_domain_model_cannot_be_deleted_outside_a_service(db):
    with pytest.raises(WriteOutsideService):
        Partnership.objects.first().delete()


@pytest.mark.parametrize("write", ["update", "delete", "bulk_create"])
def test_a_bulk_write_outside_a_service_is_refused(db, write):
    queryset = Partnership.objects.all()
    with pytest.raises(WriteOutsideService):
        if write == "update":
            queryset.update(is_public=False)
        elif write == "delete":
            queryset.delete()
        else:
            Theme.objects.bulk_create([Theme(slug="bulk", name="Bulk")])

    assert Partnership.objects.filter(is_public=True).exists()


@pytest.mark.parametrize("module", SERVICE_MODULES, ids=lambda module: module.__name__)
def test_no_service_takes_untyped_keywords(module):
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if function.__module__ != module.__name__ or name.startswith("_"):
            continue
        for parameter in inspect.signature(function).parameters.values():
            annotation = str(parameter.annotation)
            if parameter.kind is parameter.VAR_KEYWORD:
                assert annotation.startswith("Unpack["), f"{name}(**{parameter.name})"
            assert annotation not in ("Any", "'Any'"), f"{name}({parameter.name})"


def test_only_tests_write_around_the_services():
    root = Path(twinning.__file__).parent
    users = [
        path.relative_to(root)
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "writes.py"
        and "writing_around_services" in path.read_text(encoding="utf-8")
    ]
    assert users == []


def test_every_domain_app_has_the_same_rooms():
    rooms = {"models", "choices", "services", "selectors", "admin", "translation"}
    apps_ = ("places", "partnerships", "projects", "activities", "results")
    for app in (*apps_, "contacts", "eu"):
        package = import_module(f"twinning.{app}")
        modules = {info.name for info in pkgutil.iter_modules(package.__path__)}
        assert rooms | {"tests"} <= modules, (app, rooms - modules)
