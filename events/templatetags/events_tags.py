"""Template tags of the events app."""

from django import template

from core.sharing import json_ld_script
from events.organizers import OrganizerRole, organizer_names
from events.taking_part import Attendance

register = template.Library()


def event_structured_data(page, request=None):
    """schema.org Event data for search engines, as a dict.

    Dates for an all-day event; a timed one's start and end carry their UTC offset.
    """
    when = page.when
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "startDate": when.iso(when.start),
        "url": page.get_full_url(request=request),
        "inLanguage": page.locale.language_code,
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if when.end is not None:
        data["endDate"] = when.iso(when.end)
    if page.summary:
        data["description"] = page.summary
    modes = {
        Attendance.IN_PERSON: "OfflineEventAttendanceMode",
        Attendance.ONLINE: "OnlineEventAttendanceMode",
        Attendance.HYBRID: "MixedEventAttendanceMode",
    }
    data["eventAttendanceMode"] = f"https://schema.org/{modes[page.attendance]}"
    locations = []
    if page.attendance != Attendance.ONLINE and (page.address or page.location_label):
        place = {"@type": "Place", "name": page.venue or page.location_label or page.address}
        address = {"@type": "PostalAddress"}
        if page.city:
            address["addressLocality"] = page.city
        if page.country:
            address["addressCountry"] = page.country.code
        place["address"] = address if len(address) > 1 else page.location_label or page.address
        locations.append(place)
    if page.attendance != Attendance.IN_PERSON:
        url = page.livestream_url or data["url"]
        locations.append({"@type": "VirtualLocation", "url": url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    organizers = [
        organization
        for organization, role in organizer_names(page)
        if role in (OrganizerRole.ORGANIZER, OrganizerRole.CO_ORGANIZER)
    ] or [page.source]
    data["organizer"] = [
        {"@type": "Organization", "name": organization.name}
        | ({"url": organization.url} if organization.url else {})
        for organization in organizers
        if organization is not None
    ]
    return data


@register.simple_tag(takes_context=True)
def event_json_ld(context, page):
    """``<script type="application/ld+json">`` with the event's schema.org data, safely escaped."""
    return json_ld_script(event_structured_data(page, context.get("request")))
