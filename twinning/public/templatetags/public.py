"""Template tags and filters of the public pages."""

from __future__ import annotations

import json
from typing import Any

from babel import Locale
from django import template
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from twinning.core import text
from twinning.core.templatetags.partial_dates import exact_date, partial_date

register = template.Library()

JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


# The public pages print partial dates as every face does.
register.filter(partial_date)
register.filter(exact_date)


@register.filter
def possessive(municipality: Any) -> str:
    """Return the municipality as the owner of something, in the page's language.

    Danish adds -s to the municipality's name ("Aarhus Kommunes"), or an apostrophe
    after s, x and z; English writes the place's own name with ’s ("Aarhus’s"), as
    "City of Aarhus’s" reads awkwardly. The apostrophe is the typographic one.
    """
    if (get_language() or "da").startswith("da"):
        name = str(municipality.name)
        return name + ("\u2019" if name[-1:].lower() in "sxz" else "s")
    place = getattr(municipality, "place", None)
    return f"{place.name if place is not None else municipality.name}\u2019s"


@register.filter
def first_paragraph(text: str | None) -> str:
    """Return the first paragraph of a text (paragraphs end at a blank line)."""
    if not text:
        return ""
    return text.strip().split("\n\n", 1)[0]


@register.filter
def country_name(code: str | None) -> str:
    """Return the country's name in the active language: "GL" → "Grønland"."""
    return text.country_name(code, get_language() or "da")


@register.filter
def language_name(code: str | None) -> str:
    """Return a language's name in the active language: "sv" → "svensk"."""
    if not code:
        return ""
    locale = Locale.parse(get_language() or "da")
    return locale.languages.get(code, code)


@register.simple_tag(takes_context=True)
def url_in_language(context: dict[str, Any], language: str) -> str:
    """Return the address of this same page in another language."""
    request = context["request"]
    return translate_url(request.get_full_path(), language)


@register.simple_tag(takes_context=True)
def absolute_url_in_language(context: dict[str, Any], language: str) -> str:
    """Return the full address, scheme and host included, of this page in a language.

    Search engines read hreflang alternates only as absolute addresses.
    """
    request = context["request"]
    return request.build_absolute_uri(url_in_language(context, language))


@register.simple_tag
def json_ld(data: Any) -> SafeString:
    """Return schema.org data as a JSON-LD script element, safe inside HTML."""
    data = {"@context": "https://schema.org", **data}
    text = json.dumps(data, ensure_ascii=False, default=str).translate(JSON_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # noqa: S308
    )
