"""URLs of the news feeds, mounted at /<lang>/news/feed/ (see news.feeds)."""

from django.urls import path

from news.feeds import NewsAtomFeed, NewsRssFeed

urlpatterns = [
    path("rss/", NewsRssFeed(), name="news-feed-rss"),
    path("atom/", NewsAtomFeed(), name="news-feed-atom"),
]
