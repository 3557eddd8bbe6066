"""News: the news index and news items."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from home.models import DatedIndexPage, DatedPage


class NewsIndexPage(DatedIndexPage):
    """The news listing, newest first."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")


class NewsPage(DatedPage):
    """A dated news item."""

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def feed_paths(self):
        """The feeds of this item's language, purged from the CDN with it (home/frontend_cache.py)."""
        with translation.override(self.locale.language_code):
            return [reverse("news-feed-rss"), reverse("news-feed-atom")]
