from wagtail import hooks
from wagtail.snippets.models import register_snippet

from events.views import EventPageListingViewSet, EventTypeViewSet, UpcomingEventsPanel

register_snippet(EventTypeViewSet)


@hooks.register("register_admin_viewset")
def register_event_listing():
    return EventPageListingViewSet()


@hooks.register("construct_homepage_panels")
def add_upcoming_events_panel(request, panels):
    panels.append(UpcomingEventsPanel())
