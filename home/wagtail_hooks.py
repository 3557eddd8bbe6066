from django.http import Http404
from django.utils.translation import get_language
from wagtail import hooks


@hooks.register("before_serve_page")
def refuse_page_in_another_language(page, request, serve_args, serve_kwargs):
    """A URL in one language never shows a page in another.

    Wagtail falls back to the default language's home page when a language has no
    home page of its own; for visitors that would be English text under /ru/.
    """
    if page.locale.language_code != get_language():
        raise Http404("This page is not available in this language.")
