from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from vanort.core.permissions import everyone
from vanort.search import selectors

MAX_QUERY = 200


@require_safe
def results(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    group = request.GET.get("group") or ""
    decision = selectors.decision_for_case_number(request.user, query)
    if decision is not None:
        return redirect(decision.get_absolute_url())
    found = selectors.search(request.user, query, group=group, page=request.GET.get("page") or 1) if query else None
    context = {
        "title": _("Search"),
        "q": query,
        "group": group if found and any(key == group for key, _label, _n in found.groups) else "",
        "found": found,
        "page": found.page if found else None,
        "query": urlencode({"q": query, **({"group": group} if group else {})}),
        "all_query": urlencode({"q": query}),
    }
    return render(request, "search/results.html", context)


results.reach = everyone
