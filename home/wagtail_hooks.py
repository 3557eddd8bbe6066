from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import get_language
from wagtail import hooks

from home.preview import issue_token_view
from home.rich_text import PrefetchedDocumentLinkHandler, PrefetchedPageLinkHandler


@hooks.register("before_serve_page")
def refuse_page_in_another_language(page, request, serve_args, serve_kwargs):
    """A URL in one language never shows a page in another.

    Wagtail falls back to the default language's home page when a language has no
    home page of its own; for visitors that would be English text under /ru/.
    """
    if page.locale.language_code != get_language():
        raise Http404("This page is not available in this language.")


@hooks.register("before_serve_page")
def refuse_expired_page(page, request, serve_args, serve_kwargs):
    """An expired page is gone at its expiry time, not when ``publish_scheduled`` next runs."""
    if page.expire_at and page.expire_at <= timezone.now():
        raise Http404("This page has expired.")


@hooks.register("register_admin_urls")
def register_preview_token_url():
    """``/admin/headless-preview/<page_id>/``: a draft preview token for external clients."""
    return [
        path(
            "headless-preview/<int:page_id>/",
            issue_token_view,
            name="headless_preview_token",
        )
    ]


@hooks.register("register_rich_text_features", order=1)
def resolve_rich_text_links_in_bulk(features):
    """After Wagtail's own (order 0): page and document links that a listing resolves
    for all its items at once (home/rich_text.py), behaving like Wagtail's otherwise."""
    features.register_link_type(PrefetchedPageLinkHandler)
    features.register_link_type(PrefetchedDocumentLinkHandler)
