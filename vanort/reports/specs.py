"""Which report: the spec from a report's kind and parameters, through the gate.

Shared by the pages (``views``: a spec that cannot be made is 404) and the background job
(``tasks``: the job fails with the reason), so a task never imports a view.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from vanort.core.permissions import VIEW, restrict
from vanort.governance.models import GoverningDocument
from vanort.registry.models import Partnership
from vanort.reports import selectors


class ReportUnavailable(LookupError):
    """The report names a record the user may not see (or that is gone), a year out of range, or
    an unknown kind."""

    def __init__(self):
        super().__init__(
            _(
                "This report cannot be made: its record does not exist or is not visible to you, "
                "or the year is out of range."
            )
        )


def _year(params: dict) -> int:
    year = int(params["year"])
    if not 1900 <= year <= 2200:
        raise ReportUnavailable
    return year


def _visible(queryset, user, pk):
    found = restrict(queryset, user, VIEW).filter(pk=pk).first()
    if found is None:
        raise ReportUnavailable
    return found


def report_spec(user, kind: str, params: dict) -> selectors.ReportSpec:
    """The spec of report ``kind`` with ``params`` as ``user`` may see it; ReportUnavailable if none."""
    if kind == selectors.ANNUAL:
        return selectors.annual_spec(user, _year(params))
    if kind == selectors.REVIEW:
        partnership = _visible(
            Partnership.objects.select_related("partner_city", "municipality"),
            user,
            params["partnership"],
        )
        review = params.get("review")
        return selectors.review_spec(user, partnership, int(review) if review is not None else None)
    if kind == selectors.FOLLOW_UP:
        document = _visible(
            GoverningDocument.objects.select_related("municipality"), user, params["document"]
        )
        return selectors.follow_up_spec(user, document, _year(params))
    raise ReportUnavailable
