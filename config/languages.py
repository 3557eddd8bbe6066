"""Landing in a language: a URL without one goes only to a language visitors can read.

Django's ``LocaleMiddleware`` answers a URL without a language prefix (``/``,
``/about-us/``) that 404s by redirecting to the same URL under the language the
visitor's language cookie or ``Accept-Language`` asks for, among ``LANGUAGES``. With
``SITE_LANGUAGES=en,fr,de,it,ru,es`` and only English and Russian content, that sent a
browser asking for French to ``/fr/``, a 404. Here the choice is among the languages
whose home page visitors can open (``core.i18n.site_home_pages``): the one asked for
when it is among them, else the default language (or the first of them). The rest is
Django's own: which URLs are redirected, ``Vary``, ``Content-Language``.

Which languages those are is cached for the content version (``caching.version``), which
publishing, unpublishing or restricting a home page renews: a redirect costs no query.
"""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.middleware import locale
from django.urls import is_valid_path
from django.utils import translation
from wagtail.models import Site

from caching.version import cached
from core.i18n import preferred_language, site_home_pages


def site_languages(request):
    """The languages of the request's site whose home page visitors can open, in the
    order of ``LANGUAGES``; cached for the content version."""
    site = Site.find_for_request(request)
    if site is None:
        return ()
    return cached(
        "site-languages",
        site.pk,
        tuple(dict(settings.LANGUAGES)),
        compute=lambda: tuple(home.locale.language_code for home in site_home_pages(site)),
    )


def redirected_to_a_language(request):
    """Whether ``LocaleMiddleware`` will answer this request's 404 with a redirect to the
    same URL under a language, as Django decides it: a URL without a language whose path,
    under the active language (or with a slash appended), is one the site answers. The
    404 page of such a request is never seen (``config.errors.page_not_found``)."""
    if translation.get_language_from_path(request.path_info) is not None:
        return False
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    if not all(is_language_prefix_patterns_used(urlconf)):
        return False
    language_path = f"/{translation.get_language()}{request.path_info}"
    return is_valid_path(language_path, urlconf) or (
        settings.APPEND_SLASH
        and not language_path.endswith("/")
        and is_valid_path(f"{language_path}/", urlconf)
    )


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, but a URL without a language is redirected only to a language with a
    home page visitors can open."""

    def process_response(self, request, response):
        if (
            response.status_code == 404
            and translation.get_language_from_path(request.path_info) is None
        ):
            # Django redirects to the active language; make it one the site has content in.
            language = preferred_language(request, site_languages(request))
            if language is not None:
                translation.activate(language)
        return super().process_response(request, response)
