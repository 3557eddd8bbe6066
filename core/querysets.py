"""What visitors and API clients may see: one definition, used by templates and the API."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast, Length, Substr
from django.utils import timezone
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, ReferenceIndex
from wagtail.query import PageQuerySet


def visible(queryset):
    """Live, public (no view restriction) pages whose expiry time has not passed, and
    that are not an untranslated copy of a page in another language.

    ``live`` alone is not enough: an expired page stays live until the
    ``publish_scheduled`` command unpublishes it, and it must vanish at once. And
    translating a page whose parents have no translation yet makes those parents
    *aliases* in the other language, live as soon as their source is, without anyone
    publishing them: their content is the source's, so to visitors they do not exist
    until they are translated (an alias in its own language stays visible).
    """
    return (
        queryset.live()
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
        .exclude(Exists(view_restricted()))
        .exclude(Exists(aliased_in_another_language()))
    )


def translations_of(page):
    """The page in its other languages (Wagtail's ``translation_key``), as base page rows:
    a translation's language, title and URL, not its body, whose StreamFields would be read
    and parsed for nothing."""
    return Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk)


def view_restricted():
    """A view restriction on the page or on one of its ancestors.

    What Wagtail's ``PageQuerySet.public()`` excludes, as a subquery: ``public()`` reads
    every restriction when it is called, a query each time a request builds a visible
    set (six times for an event's API detail); this costs none of its own.
    """
    return PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )


def aliased_in_another_language():
    """The page an alias copies, when it is in another language than the alias.

    A NOT EXISTS rather than a join on ``alias_of``: the join made PostgreSQL's
    estimates of the visible set so poor that the event filters read the whole events
    table at 10,000 events (tests/performance/test_query_plans.py).
    """
    return Page.objects.filter(pk=OuterRef("alias_of_id")).exclude(locale_id=OuterRef("locale_id"))


def home_is_live():
    """The page's home page (its ancestor at depth 2, where every site root and its
    translations sit) is live.

    Wagtail serves a language through its home page: when that is a draft, every URL of
    the language is routed through the default language's home instead (``Page.localized``),
    and its pages, live or not, answer 404. So a page under a draft home is not offered.
    """
    return Page.objects.filter(path=Substr(OuterRef("path"), 1, 2 * Page.steplen), live=True)


def outside_private_collections(queryset):
    """Images or documents in no private collection (one with a view restriction, or under one).

    The API is the same for everyone (no sessions, no users), so a restriction of any
    kind (password, login, groups) hides the files there. One subquery: a restriction
    applies when its collection's path is a prefix of the file's collection's path.
    """
    restrictions = CollectionViewRestriction.objects.filter(
        collection__path=Substr(OuterRef("collection__path"), 1, Length("collection__path"))
    )
    return queryset.exclude(Exists(restrictions))


def used_by_visible_pages(queryset):
    """Images or documents that a visible page uses, in a language the site has.

    Uses are read from Wagtail's reference index (foreign keys, chooser blocks, rich
    text links and embeds, inline panels). It records each page from its row, which
    holds what is published: an editor's draft lives in a revision, which is not
    indexed, so a file added to a draft stays out until the draft is published. One
    subquery, whatever the number of files or pages (the index stores ids as text).
    """
    languages = [code for code, _name in settings.LANGUAGES]
    pages = visible(Page.objects.filter(locale__language_code__in=languages))
    uses = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=pages.values(key=Cast("pk", CharField())),
        to_content_type=ContentType.objects.get_for_model(queryset.model),
    )
    return queryset.alias(reference_key=Cast("pk", CharField())).filter(
        reference_key__in=uses.values("to_object_id")
    )


def public_files(queryset):
    """The images or documents visitors can reach: used by a visible page, in no private
    collection. Uploads that no published page shows are not public."""
    return outside_private_collections(used_by_visible_pages(queryset))


class SitePageQuerySet(PageQuerySet):
    def visible(self):
        return visible(self)
