"""The base of the register's test factories: each record is made by its service.

A factory that saved the model itself would go around the write path, which refuses
that (`core.writes`); so `create()` calls the model's create service as the back
office would, with the fields factory_boy declared and those the test gave.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import factory


class ServiceFactory(factory.Factory):
    """A factory whose `create()` is the model's create service, acting as `actor`."""

    class Meta:
        abstract = True

    # The service that writes the record, given as `Meta`-like attribute on each
    # factory; a staticmethod so that it is not bound to the class.
    service: Callable[..., Any]

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Any:
        actor = kwargs.pop("actor", None)
        return cls.service(actor=actor, **kwargs)

    @classmethod
    def _build(cls, model_class: type, *args: Any, **kwargs: Any) -> Any:
        kwargs.pop("actor", None)
        return model_class(**kwargs)
