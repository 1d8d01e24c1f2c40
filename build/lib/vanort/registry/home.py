"""The start page: key figures and what is coming up, for the user's municipality."""

import datetime

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from vanort.core.permissions import VIEW, restrict
from vanort.registry.models import Agreement, Network, Partnership


@require_safe
def home(request):
    user = request.user
    today = timezone.localdate()
    partnerships = restrict(Partnership.objects.all(), user, VIEW)
    by_status = partnerships.aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(status=Partnership.Status.ACTIVE)),
        proposed=Count("pk", filter=Q(status=Partnership.Status.PROPOSED)),
        dormant=Count("pk", filter=Q(status=Partnership.Status.DORMANT)),
    )
    context = {
        "figures": by_status,
        "networks": restrict(Network.objects.all(), user, VIEW).count(),
        "partnerships": partnerships.select_related("partner_city", "municipality").order_by("partner_city__name")[:12],
        "renewals": restrict(Agreement.objects.all(), user, VIEW)
        .filter(renewal_on__gte=today, renewal_on__lte=today + datetime.timedelta(days=365))
        .select_related("partnership__partner_city", "partnership__municipality")
        .order_by("renewal_on")[:10]
        if user.is_authenticated
        else [],
        "anniversaries": [
            p for p in partnerships.filter(start_year__isnull=False).select_related("partner_city", "municipality")[:200]
            if (today.year - p.start_year) > 0 and (today.year - p.start_year) % 5 == 0
        ][:10],
        "today": today,
    }
    return render(request, "core/home.html", context)
