"""A synthetic platform for benchmarks: many municipalities, each with partnerships,
their events, delegation visits and results, written in bulk.

Realistic in shape, not in content: partner towns are drawn from a shared pool
(as real twin towns are shared by many municipalities), about one partnership in
ten has ended, most are public, each has a visit and every other one a result.
Records are written with the register's bulk writes inside one service, so the
write path's rule holds and the page generations are renewed; they get no history
(a benchmark needs none).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from twinning.activities.choices import ActivityKind
from twinning.activities.models import Activity
from twinning.core.writes import service
from twinning.partnerships.choices import EventKind, PartnershipKind, PartnershipStatus
from twinning.partnerships.models import Partnership, PartnershipEvent
from twinning.places.models import Municipality, Place
from twinning.results.choices import ResultKind
from twinning.results.models import Result

COUNTRIES = ["DE", "SE", "NO", "FI", "PL", "FR", "NL", "EE", "LT", "LV", "IT", "ES"]
KINDS = [
    PartnershipKind.SISTER_CITY,
    PartnershipKind.COOPERATION,
    PartnershipKind.SECTOR_COOPERATION,
    PartnershipKind.PROJECT,
]
BATCH = 2000


@dataclass
class SyntheticPlatform:
    municipalities: int
    partnerships: int
    events: int
    activities: int
    results: int


def _named(**fields: Any) -> dict[str, Any]:
    """Fill a translated field in both languages (and the default column)."""
    filled = {}
    for name, value in fields.items():
        filled[name] = filled[f"{name}_da"] = filled[f"{name}_en"] = value
    return filled


@service
def synthetic_platform_create(
    *, municipalities: int, partnerships: int, seed: int = 12, actor: Any = None
) -> SyntheticPlatform:
    """Add `municipalities` home municipalities of `partnerships` partnerships each."""
    randomness = random.Random(seed)  # noqa: S311 (test data, not secrets)
    start = Place.objects.count()
    pool_size = max(partnerships * 3, 500)
    partner_places = Place.objects.bulk_create(
        [
            Place(
                slug=f"synthetic-town-{start + number}",
                country=randomness.choice(COUNTRIES),
                latitude=round(randomness.uniform(36, 69), 5),
                longitude=round(randomness.uniform(-9, 30), 5),
                **_named(name=f"Synthetic town {start + number}"),
            )
            for number in range(pool_size)
        ],
        batch_size=BATCH,
    )
    home_places = Place.objects.bulk_create(
        [
            Place(
                slug=f"synthetic-home-{start + number}",
                country="DK",
                kind="municipality",
                latitude=round(randomness.uniform(54.6, 57.7), 5),
                longitude=round(randomness.uniform(8.1, 12.6), 5),
                **_named(name=f"Synthetic municipality {start + number}"),
            )
            for number in range(municipalities)
        ],
        batch_size=BATCH,
    )
    homes = Municipality.objects.bulk_create(
        [
            Municipality(
                slug=place.slug.replace("synthetic-home", "synthetic"),
                place=place,
                **_named(name=place.name),
            )
            for place in home_places
        ],
        batch_size=BATCH,
    )
    made = SyntheticPlatform(len(homes), 0, 0, 0, 0)
    for home in homes:
        rows = []
        for place in randomness.sample(partner_places, partnerships):
            year = randomness.randint(1946, 2024)
            ended = randomness.random() < 0.1
            rows.append(
                Partnership(
                    municipality=home,
                    slug=place.slug,
                    partner_place=place,
                    kind=randomness.choice(KINDS),
                    status=PartnershipStatus.TERMINATED
                    if ended
                    else PartnershipStatus.ACTIVE,
                    started=str(year),
                    ended=str(min(year + randomness.randint(1, 30), 2025))
                    if ended
                    else "",
                    is_public=randomness.random() < 0.9,
                    **_named(description=f"Cooperation with {place.name}."),
                )
            )
        created = Partnership.objects.bulk_create(rows, batch_size=BATCH)
        events = [
            PartnershipEvent(partnership=p, kind=EventKind.ESTABLISHED, date=p.started)
            for p in created
        ] + [
            PartnershipEvent(partnership=p, kind=EventKind.TERMINATED, date=p.ended)
            for p in created
            if p.ended
        ]
        PartnershipEvent.objects.bulk_create(events, batch_size=BATCH)
        activities = Activity.objects.bulk_create(
            [
                Activity(
                    municipality=home,
                    slug=f"visit-{p.slug}",
                    kind=randomness.choice(
                        [ActivityKind.INCOMING_VISIT, ActivityKind.OUTGOING_VISIT]
                    ),
                    partnership=p,
                    started=f"{randomness.randint(int(p.started), 2025)}",
                    is_public=True,
                    **_named(title=f"Delegation visit, {p.partner_place.name}"),
                )
                for p in created
            ],
            batch_size=BATCH,
        )
        results = Result.objects.bulk_create(
            [
                Result(
                    municipality=home,
                    slug=f"result-{p.slug}",
                    kind=randomness.choice(list(ResultKind)),
                    partnership=p,
                    is_public=True,
                    **_named(title=f"Knowledge shared with {p.partner_place.name}"),
                )
                for p in created[::2]
            ],
            batch_size=BATCH,
        )
        made.partnerships += len(created)
        made.events += len(events)
        made.activities += len(activities)
        made.results += len(results)
    return made
