"""The base of the register's records that are known by their name alone."""

from typing import Any

from twinning.core.models import DomainModel


class NamedRecord(DomainModel):
    """A record listed by its name and shown as it: a theme, a programme, an office.

    Each model declares its own `name` field (its length differs); its `Meta`
    derives from `NamedRecord.Meta` to be ordered by it.
    """

    name: Any

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return str(self.name)
