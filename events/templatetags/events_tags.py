"""Template tags of the events app."""

from django import template
from django.utils.html import json_script, strip_tags
from django.utils.safestring import mark_safe

register = template.Library()


def event_structured_data(page, request=None):
    """schema.org Event data for search engines, as a dict."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "startDate": page.start_date.isoformat(),
        "url": page.get_full_url(request=request),
        "inLanguage": page.locale.language_code,
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if page.end_date:
        data["endDate"] = page.end_date.isoformat()
    if page.summary:
        data["description"] = page.summary
    if page.online and not page.location:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "url": data["url"]}
    elif page.location:
        place = {"@type": "Place", "name": page.location, "address": page.location}
        if page.country:
            place["address"] = {
                "@type": "PostalAddress",
                "addressLocality": page.location.split(",")[0].strip(),
                "addressCountry": page.country.code,
            }
        data["location"] = place
        data["eventAttendanceMode"] = (
            "https://schema.org/MixedEventAttendanceMode"
            if page.online
            else "https://schema.org/OfflineEventAttendanceMode"
        )
    organizers = strip_tags(page.organizers).strip()
    if page.source or organizers:
        data["organizer"] = {
            "@type": "Organization",
            "name": page.source.name if page.source else organizers,
        }
        if page.source and page.source.url:
            data["organizer"]["url"] = page.source.url
    return data


@register.simple_tag(takes_context=True)
def event_json_ld(context, page):
    """``<script type="application/ld+json">`` with the event's schema.org data, safely escaped."""
    data = event_structured_data(page, context.get("request"))
    html = json_script(data)
    # str.replace() drops the SafeString mark, and the tag's output would be escaped into
    # visible text; json_script has already escaped the data, so the result is safe.
    return mark_safe(
        html.replace('<script type="application/json">', '<script type="application/ld+json">', 1)
    )
