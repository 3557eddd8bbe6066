"""Serving rules for every page: the language of the URL, and expiry at its moment."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from wagtail import hooks
from wagtail.models import Page


@hooks.register("before_serve_page")
def refuse_page_in_another_language(page, request, serve_args, serve_kwargs):
    """A URL in one language never shows a page in another.

    Wagtail falls back to the default language's home page when a language has no
    home page of its own; for visitors that would be English text under /ru/. Nor is an
    alias of a page in another language (a parent copied along with a translated child)
    shown: its content is the source's, not a translation (see ``core.querysets.visible``).
    """
    if page.locale.language_code != get_language():
        raise Http404("This page is not available in this language.")
    if (
        page.alias_of_id
        and Page.objects.filter(pk=page.alias_of_id, locale_id=page.locale_id).count() == 0
    ):
        raise Http404("This page is not translated into this language yet.")


@hooks.register("before_serve_page")
def refuse_expired_page(page, request, serve_args, serve_kwargs):
    """An expired page is gone at its expiry time, not when ``publish_scheduled`` next runs."""
    if page.expire_at and page.expire_at <= timezone.now():
        raise Http404("This page has expired.")
