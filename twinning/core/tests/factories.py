"""The base of the register's test factories: each record is made by its service.

A factory that saved the model itself would go around the write path, which refuses
that (`core.writes`); so `create()` calls the model's registered create service, as
the back office does, with the fields declared and those the test gave. `actor` is
the acting user (none unless given).
"""

from __future__ import annotations

from typing import Any

import factory

from twinning.core.services import writer_for


class ServiceFactory(factory.django.DjangoModelFactory):
    """Create records through the model's create service."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        actor = kwargs.pop("actor", None)
        return writer_for(model_class).create(actor=actor, **kwargs)
