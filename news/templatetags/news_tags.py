"""Template tags of the news app."""

from django import template

from core.sharing import image_data, json_ld_script, organization_data
from taxonomies.models import Organization

register = template.Library()


def news_structured_data(page, request=None):
    """schema.org NewsArticle data for search engines, as a dict.

    The issuing organisations are its authors, and the institution (the site's owner)
    its publisher; the image is the link previews' one (``core.sharing.share_image``).
    """
    url = page.get_full_url(request=request)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": page.date.isoformat(),
        "inLanguage": page.locale.language_code,
        "articleSection": str(page.get_news_type_display()),
    }
    if page.last_published_at is not None:
        data["dateModified"] = page.last_published_at.isoformat()
    description = page.search_description or page.summary
    if description:
        data["description"] = description
    if page.dateline:
        data["dateline"] = page.dateline
    image = image_data(page, url)
    if image is not None:
        data["image"] = image
    authors = [organization_data(organization) for organization in page.localized_issued_by()]
    if authors:
        data["author"] = authors
    institution = Organization.objects.institution(page.locale_id)
    if institution is not None:
        data["publisher"] = organization_data(institution)
    return data


@register.simple_tag(takes_context=True)
def news_json_ld(context, page):
    """``<script type="application/ld+json">`` with the news item's schema.org data."""
    return json_ld_script(news_structured_data(page, context.get("request")))
