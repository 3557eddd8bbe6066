"""News: the news index and news items."""

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
