"""RSS 2.0 and Atom feeds of the news, one per language.

``/<lang>/news/feed/rss/`` and ``/<lang>/news/feed/atom/`` (e.g. ``/en/news/feed/rss/``,
``/ru/news/feed/atom/``): the feed lives under the language prefix like the pages it
lists, so the language comes from the URL, is validated by the URL resolver (an
unknown prefix is a 404) and is active while the feed is written. Items are the
visible news items of that language on the requested site, newest first, with
title, link, summary, date and a GUID that stays the same when the item's slug or
title changes.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext
from wagtail.models import Locale, Site

from api.utils import API_CACHE_CONTROL
from core.querysets import visible
from news.models import NewsIndexPage, NewsPage

MAX_ITEMS = 30


@dataclass
class NewsSource:
    """What one request's feed is about: a site in one language."""

    site_name: str
    locale: Locale
    root: object
    index: object
    request: object


class NewsRssFeed(Feed):
    """The latest news of one language, as RSS 2.0."""

    feed_type = Rss201rev2Feed
    url_name = "news-feed-rss"

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, **API_CACHE_CONTROL)
        return response

    def get_object(self, request):
        site = Site.find_for_request(request)
        locale = Locale.get_active()
        root = site.root_page.get_translation_or_none(locale) if site else None
        if root is None or not visible(type(root).objects.filter(pk=root.pk)).exists():
            raise Http404("No site in this language.")
        index = visible(NewsIndexPage.objects.child_of(root)).first()
        return NewsSource(
            site_name=site.site_name or settings.WAGTAIL_SITE_NAME,
            locale=locale,
            root=root,
            index=index,
            request=request,
        )

    def title(self, source):
        return f"{source.site_name}: {source.index.title if source.index else gettext('News')}"

    def link(self, source):
        return (source.index or source.root).get_full_url(request=source.request)

    def description(self, source):
        return (source.index.intro if source.index else "") or gettext("News")

    def feed_url(self, source):
        return reverse(self.url_name)

    def items(self, source):
        pages = visible(NewsPage.objects.descendant_of(source.root)).filter(locale=source.locale)
        pages = list(pages.select_related("locale").order_by("-date", "-pk")[:MAX_ITEMS])
        for page in pages:
            # With the request, the sites' root paths are read once for the feed, not
            # once per item (from the database when there is no cache).
            page.feed_link = page.get_full_url(request=source.request)
        return pages

    def item_title(self, page):
        return page.title

    def item_description(self, page):
        return page.summary

    def item_link(self, page):
        return page.feed_link

    def item_pubdate(self, page):
        return timezone.make_aware(datetime.datetime.combine(page.date, datetime.time()))

    def item_updateddate(self, page):
        return page.last_published_at

    def item_guid(self, page):
        """One per news item and language, unchanged when its slug or title is edited."""
        return f"urn:uuid:{uuid.uuid5(page.translation_key, page.locale.language_code)}"

    item_guid_is_permalink = False


class NewsAtomFeed(NewsRssFeed):
    """The same news as Atom 1.0."""

    feed_type = Atom1Feed
    url_name = "news-feed-atom"

    def subtitle(self, source):
        return self.description(source)
