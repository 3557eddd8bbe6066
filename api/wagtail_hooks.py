"""The headless preview's admin URL, and rich text links resolved in bulk."""

from django.urls import path
from wagtail import hooks

from api.preview import issue_token_view
from api.rich_text import PrefetchedDocumentLinkHandler, PrefetchedPageLinkHandler


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
    for all its items at once (api/rich_text.py), behaving like Wagtail's otherwise."""
    features.register_link_type(PrefetchedPageLinkHandler)
    features.register_link_type(PrefetchedDocumentLinkHandler)
