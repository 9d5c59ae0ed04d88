"""Register models' translated fields, then their change history.

django-simple-history copies a model's fields when it builds the historical model.
django-modeltranslation adds `name_da` and `name_en` only when this module runs, so a
model with translated fields has its history registered here, after them: that way
the history records every language. Models without translated fields declare
`history = HistoricalRecords()` in models.py as usual.
"""

from collections.abc import Sequence

import simple_history
from django.db import models
from modeltranslation.translator import TranslationOptions, translator

from twinning.core.models import Source


def register_translated(
    model: type[models.Model],
    *,
    fields: Sequence[str],
    history: bool = True,
    history_m2m: Sequence[str] = (),
) -> None:
    """Make `fields` of `model` bilingual and, unless told not to, keep its history."""
    options = type(f"{model.__name__}TranslationOptions", (TranslationOptions,), {})
    options.fields = tuple(fields)
    translator.register(model, options)
    if history:
        simple_history.register(model, m2m_fields=list(history_m2m))


register_translated(Source, fields=("title",))
