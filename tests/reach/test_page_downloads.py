"""The cost totals and the follow-up overview download as CSV and Excel with what the page shows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.reach.test_lists_and_start import client_as, demo, read  # noqa: F401  (demo: the fixture)
from vanort.accounts.models import User
from vanort.core.permissions import VIEW, restrict
from vanort.plans.models import CostSummary

pytestmark = [pytest.mark.django_db, pytest.mark.engine]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cost_totals_download_holds_the_pages_sums_per_payer(demo, fmt):  # noqa: F811
    client = client_as("samordnare")
    page = client.get(reverse("plans:cost_totals"))
    assert "?download=csv" in page.content.decode()
    response = client.get(reverse("plans:cost_totals"), {"download": fmt})
    assert response.status_code == 200
    assert "filename*=UTF-8''kostnader-" in response["Content-Disposition"]
    rows = read(response)
    assert rows[0] == ["Uppdelning", "Värde", "Betalande organisation", "Beräknat (SEK)", "Utfall (SEK)"]
    payer_rows = [row for row in rows[1:] if row[0] == "Per betalande organisation"]
    shown = {row["organisation"]: row for row in page.context["by_payer"]}
    assert {row[2] for row in payer_rows} == set(shown)
    for row in payer_rows:
        assert Decimal(str(row[3])) == Decimal(shown[row[2]]["estimated"]) / 100
    # Every breakdown sums to the same estimate as the per-payer rows: nothing pooled, nothing lost.
    total = sum(Decimal(str(row[3])) for row in payer_rows)
    user = User.objects.get(username="samordnare")
    assert total * 100 == sum(s.estimated for s in restrict(CostSummary.objects.all(), user, VIEW))
    for breakdown in ("Per kostnadstyp och betalande organisation", "Per år och betalande organisation"):
        assert sum(Decimal(str(row[3])) for row in rows if row[0] == breakdown) == total


def test_cost_totals_download_follows_the_filter_in_english(demo):  # noqa: F811
    client = client_as("samordnare", "en")
    response = client.get(reverse("plans:cost_totals"), {"year": 2018, "download": "csv"})
    rows = read(response)
    assert rows[0][0] == "Breakdown" and rows[0][3] == "Estimated (SEK)"
    years = {row[1] for row in rows[1:] if row[0] == "Per year and paying organisation"}
    assert years == {"2018"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_follow_up_overview_downloads_its_rows(demo, fmt):  # noqa: F811
    client = client_as("samordnare")
    page = client.get(reverse("governance:followup_status"))
    assert "?download=xlsx" in page.content.decode()
    statuses = page.context["statuses"]
    rows = read(client.get(reverse("governance:followup_status"), {"download": fmt}))
    assert rows[0][:5] == ["Styrdokument", "Mandatperiod", "Börjar", "Slut", "Läge"]
    assert len(rows) - 1 == len(statuses) > 0
    assert [row[1] for row in rows[1:]] == [s.period.label for s in statuses]
    assert [row[4] for row in rows[1:]] == [str(s.state_label) for s in statuses]
