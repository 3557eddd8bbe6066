"""What search engines read: ``/sitemap.xml`` in every language, and ``/robots.txt``."""

from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.models import Page

from core.querysets import visible


class SiteSitemap(Sitemap):
    """Every visible page of the site in every language, each with its translations.

    Wagtail's own sitemap lists the pages below the site's root page, which are those
    of the default language only. Here the root's translations count too, and each
    ``<url>`` carries an ``<xhtml:link rel="alternate" hreflang=…>`` for every visible
    translation plus ``x-default`` (the default language's version), so a search engine
    shows a visitor the page in their language. Aliases are left out: their content
    is another page's, which is listed in its own right.
    """

    def pages(self):
        # Only the live home pages: a language whose home is a draft is not served at all.
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True).live()
        in_site = Q()
        for root in roots:
            in_site |= Q(path__startswith=root.path)
        return visible(Page.objects.filter(in_site)).filter(alias_of__isnull=True)

    def items(self):
        return self.pages().select_related("locale").order_by("path")

    @cached_property
    def alternates(self):
        """translation key → [{"lang_code", "location"}, …] of the visible translations."""
        alternates = defaultdict(list)
        for page in self.items():
            location = page.get_full_url(self.request)
            if location:
                alternates[page.translation_key].append(
                    {"lang_code": page.locale.language_code, "location": location}
                )
        return alternates

    def _urls(self, page, protocol, domain):
        urls = []
        for item in self.paginator.page(page).object_list:
            location = item.get_full_url(self.request)
            if not location:
                continue  # not under any site root (e.g. another site's page)
            translations = sorted(
                self.alternates[item.translation_key], key=lambda entry: entry["lang_code"]
            )
            default = next(
                (entry for entry in translations if entry["lang_code"] == settings.LANGUAGE_CODE),
                None,
            )
            if default:
                translations.append({"lang_code": "x-default", "location": default["location"]})
            urls.append(
                {
                    "item": item,
                    "location": location,
                    "lastmod": item.last_published_at or item.latest_revision_created_at,
                    "alternates": translations,
                }
            )
        lastmods = [url["lastmod"] for url in urls if url["lastmod"]]
        if lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


def sitemap(request):
    """``/sitemap.xml``: outside the language prefix, since it lists every language."""
    return sitemap_views.sitemap(request, {"pages": SiteSitemap(request)})


def robots_txt(request):
    """``/robots.txt``: crawl the site, not the admin nor the preview API; where the sitemap is."""
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        f"Disallow: {reverse('api-preview')}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
