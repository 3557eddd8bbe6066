"""URLs of the iCalendar feeds, mounted at /feeds/ outside the language prefix (see events.feeds)."""

from django.urls import path

from events import feeds

urlpatterns = [
    path("events.ics", feeds.events_feed, name="events-ical"),
    path("events/<int:page_id>.ics", feeds.event_download, name="event-ical"),
]
