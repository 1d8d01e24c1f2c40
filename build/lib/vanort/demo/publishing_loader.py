"""Loading the demo news (:mod:`vanort.demo.publishing_data`).

Each item is validated (its body cleaned by the news allow-list) and saved with its first history
entry. Called by :func:`vanort.demo.loader.load` inside the loader's transaction, after the plans.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from vanort.core.versioning import save_versioned
from vanort.plans.models import Activity
from vanort.publishing.models import NewsItem
from vanort.registry.models import Partnership
from vanort.tenancy.models import Municipality

from . import plans_data, publishing_data

CHANGE_REASON = "Demo"
TEXTS = ("title_sv", "title_en", "summary_sv", "summary_en", "body_sv", "body_en")


def _published(value, today: datetime.date) -> datetime.datetime:
    if isinstance(value, tuple):
        _kind, days_ago, hour = value
        when = datetime.datetime.combine(today - datetime.timedelta(days=days_ago), datetime.time(hour))
    else:
        when = datetime.datetime.fromisoformat(value)
    return timezone.make_aware(when)


def load(
    *,
    municipality: Municipality,
    palo_alto: Partnership,
    activities: dict[str, Activity],
    today: datetime.date,
) -> list[NewsItem]:
    anniversary = activities[plans_data.ANNIVERSARY]
    values = {"years": anniversary.planned_start.year - plans_data.SISTER_CITY_SINCE}
    items = []
    for spec in publishing_data.NEWS:
        item = NewsItem(
            municipality=municipality,
            partnership=palo_alto,
            activity=activities[spec["activity"]] if spec["activity"] else None,
            is_public=spec["is_public"],
            published_at=_published(spec["published"], today),
            **{field: spec[field].format(**values) for field in TEXTS},
        )
        save_versioned(item, expected_version=None, reason=CHANGE_REASON)
        items.append(item)
    return items
