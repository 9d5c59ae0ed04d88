"""Model fields shared by the domain apps."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.core.dates import validate_partial_date


class PartialDateField(models.CharField):
    """A date of year, month or day precision, stored as ISO text ("2009-10")."""

    default_validators = [validate_partial_date]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", _("YYYY, YYYY-MM or YYYY-MM-DD"))
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs
