"""A date the sources know only roughly is shown at that precision, everywhere."""

from __future__ import annotations

import json
from html import unescape

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

KUJALLEQ = "/{language}/partners/kujalleq/"


@pytest.mark.parametrize(
    ("language", "since"),
    [("en", "since the early 1960s"), ("da", "siden begyndelsen af 1960'erne")],
)
def test_kujalleq_is_a_sister_city_since_the_early_1960s(
    client: Client, language, since
):
    partner = unescape(client.get(KUJALLEQ.format(language=language)).content.decode())
    overview = unescape(client.get(f"/{language}/").content.decode())
    card = overview[overview.index('href="' + KUJALLEQ.format(language=language)) :]

    assert since in partner
    assert since in card[: card.index("</li>")]
    assert "1977" not in partner


def test_the_timeline_puts_it_in_the_1960s_without_a_made_up_day(client: Client):
    html = client.get("/en/timeline/").content.decode()
    sixties = html[html.index('<section aria-labelledby="decade-1960">') :]
    sixties = sixties[: sixties.index("</section>")]

    assert "Kujalleq" in sixties
    assert "the early 1960s" in sixties
    assert sixties.index("Kujalleq") < sixties.index("Rostock")  # 1964
    events = [
        item
        for block in _json_ld(html)
        for item in (block if isinstance(block, list) else [block])
        if "Kujalleq" in item.get("name", "")
    ]
    assert events
    assert all(event.get("startDate") != "196X-early" for event in events)


def test_the_api_gives_the_date_with_its_precision(client: Client):
    answer = client.get("/api/v1/partnerships/kujalleq").json()

    assert answer["started"] == {"value": "196X-early", "precision": "decade"}


def _json_ld(html: str) -> list:
    blocks = []
    marker = '<script type="application/ld+json">'
    while marker in html:
        html = html[html.index(marker) + len(marker) :]
        blocks.append(json.loads(html[: html.index("</script>")]))
    return blocks
