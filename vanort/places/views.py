import datetime

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from vanort.core.permissions import VIEW, can_add, restrict
from vanort.core.resources import Column, Resource
from vanort.core.versioning import save_versioned
from vanort.places import geonames
from vanort.places.filters import CityFilterSet
from vanort.places.forms import CityForm
from vanort.places.models import City


class CityResource(Resource):
    model = City
    prefix = "cities"
    form_class = CityForm
    filterset_class = CityFilterSet
    columns = (
        Column("name", gettext_lazy("Name"), "name", link=True),
        Column("country_name", gettext_lazy("Country"), "country"),
        Column("region", gettext_lazy("Region"), "region"),
        Column("population", gettext_lazy("Population"), "population"),
    )
    default_sort = "name"
    create_page = "places:city_lookup"  # adding a city starts from GeoNames; hand entry if not found
    detail_template = "places/city_detail.html"

    @staticmethod
    def detail_context(request, city):
        now = timezone.now()
        here = timezone.localtime(now)
        there = now.astimezone(city.zone)
        return {
            "local_time": there,
            "our_time": here,
            "offset_hours": (there.utcoffset() - here.utcoffset()) / datetime.timedelta(hours=1),
            "partnerships": restrict(city.partnerships.select_related("municipality"), request.user, VIEW),
        }


class CityLookupView(View):
    """Find a city in the offline GeoNames data and register it with one click (no JS needed)."""

    def dispatch(self, request, *args, **kwargs):
        # Like every write page: the public is sent to the login page, the other roles refused.
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_add(request.user, City):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def next_url(self) -> str:
        """The form the user came from ("City missing? Look it up"), if it is one of ours."""
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure())
        return target if allowed else ""

    def done(self, city):
        target = self.next_url()
        return HttpResponseRedirect(target or city.get_absolute_url())

    def get(self, request):
        query = request.GET.get("q", "")[:100]
        candidates = geonames.search(query) if query else []
        known = dict(
            City.objects.filter(geonames_id__in=[c.geonames_id for c in candidates]).values_list("geonames_id", "pk")
        )
        return render(request, "places/city_lookup.html", {
            "query": query, "candidates": [(c, known.get(c.geonames_id)) for c in candidates], "next": self.next_url(),
        })

    def post(self, request):
        raw = request.POST.get("geonames_id", "")
        candidate = geonames.get(int(raw)) if raw.isdigit() else None
        if candidate is None:
            messages.error(request, _("That city is not in the GeoNames data; enter it by hand instead."))
            return HttpResponseRedirect(request.path)
        existing = City.objects.filter(geonames_id=candidate.geonames_id).first()
        if existing:
            messages.info(request, _("%(city)s was already registered.") % {"city": existing})
            return self.done(existing)
        city = geonames.city_from_candidate(candidate)
        try:
            save_versioned(city, expected_version=None)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(request.path)
        messages.success(request, _("Registered: %(city)s") % {"city": city})
        return self.done(city)

