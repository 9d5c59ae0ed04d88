"""The open-data tables' contract, shared by the downloads and the import.

A table downloaded from `/open-data/*.csv` (or `.xlsx`) can be imported again as it
is: the same column names, the same values. `external_id` is the record's slug, by
which a second import of the same file finds the record instead of adding it.
Lists inside one cell (themes) are separated by "|".

A text cell that a spreadsheet would take for a formula (it begins with "=", "+",
"-", "@", a tab or a carriage return) is written with an apostrophe in front, as
OWASP recommends against CSV injection; so is a text that begins with an apostrophe
followed by one of those or by another apostrophe, so that the escape can always be
undone. `unescape_cell` undoes it: the import reads every text cell through it.
"""

PARTNERSHIP_COLUMNS = (
    "external_id",  # the partnership's slug
    "municipality",  # the home municipality's slug
    "partner_type",  # "place" or "organisation"
    "partner_external_id",  # the place's or organisation's slug
    "partner_name_da",
    "partner_name_en",
    "partner_country",  # ISO 3166-1 alpha-2
    "kind",  # sister_city, cooperation, sector_cooperation, project
    "status",  # derived from events: intent, active, limited, suspended, terminated
    "started",  # partial date: 1946, 2009-10, 2022-03-09
    "ended",
    "group",  # the group's slug
    "themes",  # theme slugs separated by "|"
    "description_da",
    "description_en",
)

ACTIVITY_COLUMNS = (
    "external_id",  # the activity's slug
    "municipality",
    "kind",
    "title_da",
    "title_en",
    "started",
    "ended",
    "partnership",  # the partnership's slug, or empty
    "project",  # the project's slug, or empty
    "place",  # the place's slug, or empty
    "purpose_da",
    "purpose_en",
)

RESULT_COLUMNS = (
    "external_id",
    "municipality",
    "kind",
    "title_da",
    "title_en",
    "description_da",
    "description_en",
    "partnership",
    "project",
    "achieved_on",
    "value",
    "currency",
)

PLACE_COLUMNS = (
    "external_id",  # the place's slug
    "name_da",
    "name_en",
    "kind",  # city, municipality, region
    "country",
    "population",
    "latitude",
    "longitude",
    "geonames_id",
    "wikidata_id",
)

FORMULA_MARKS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def escape_cell(text: str) -> str:
    """Return text that no spreadsheet runs as a formula: "=1+1" → "'=1+1"."""
    if text[:1] in FORMULA_MARKS or (
        text[:1] == ESCAPE and text[1:2] in (*FORMULA_MARKS, ESCAPE)
    ):
        return ESCAPE + text
    return text


def unescape_cell(text: str) -> str:
    """Return the text that `escape_cell` was given: "'=1+1" → "=1+1"."""
    if text[:1] == ESCAPE and text[1:2] in (*FORMULA_MARKS, ESCAPE):
        return text[1:]
    return text
