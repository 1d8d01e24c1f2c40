from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.http import require_safe

from vanort.publishing import calendars, exports, feeds, views
from vanort.publishing.caching import public_response
from vanort.publishing.resources import RESOURCES
from vanort.publishing.sitemaps import SITEMAPS

app_name = "publishing"
urlpatterns = [
    path("public/", views.index, name="index"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("sitemap.xml", require_safe(public_response(sitemap)), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("m/<slug:slug>/", views.municipality, name="municipality"),
    path("m/<slug:slug>/partnerships/<int:pk>/", views.partnership, name="partnership"),
    path("m/<slug:slug>/activities/<int:pk>/", views.activity, name="activity"),
    path("m/<slug:slug>/news/", views.news_list, name="news_list"),
    path("m/<slug:slug>/news/<int:pk>/", views.news_detail, name="news_detail"),
    path("m/<slug:slug>/news.atom", require_safe(feeds.NewsFeed()), name="news_feed"),
    path("m/<slug:slug>/activities.atom", require_safe(feeds.ActivityFeed()), name="activity_feed"),
    path("m/<slug:slug>/calendar.ics", calendars.public_calendar, name="calendar"),
    path("m/<slug:slug>/partnerships/<int:pk>/news.atom", require_safe(feeds.NewsFeed()), name="partnership_news_feed"),
    path("m/<slug:slug>/partnerships/<int:pk>/activities.atom", require_safe(feeds.ActivityFeed()), name="partnership_activity_feed"),
    path("m/<slug:slug>/partnerships/<int:pk>/calendar.ics", calendars.public_calendar, name="partnership_calendar"),
    path("m/<slug:slug>/open-data/", views.open_data, name="open_data"),
    path("m/<slug:slug>/open-data/<slug:dataset>.<str:fmt>", exports.export, name="export"),
    path("calendar/", calendars.calendar_token, name="calendar_token"),
    path("calendar/<str:token>.ics", calendars.private_calendar, name="private_calendar"),
]
for resource in RESOURCES:
    urlpatterns += resource.urls()
