"""What visitors and API clients may see: one definition, used by templates and the API."""

import dataclasses
import functools
import operator

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Cast, Length, Substr
from django.utils import timezone
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, ReferenceIndex
from wagtail.query import PageQuerySet

from core.kept import kept


def visible(queryset):
    """Live, public (no view restriction) pages whose expiry time has not passed, and
    that are not an untranslated copy of a page in another language.

    ``live`` alone is not enough: an expired page stays live until the
    ``publish_scheduled`` command unpublishes it, and it must vanish at once. And
    translating a page whose parents have no translation yet makes those parents
    *aliases* in the other language, live as soon as their source is, without anyone
    publishing them: their content is the source's, so to visitors they do not exist
    until they are translated (an alias in its own language stays visible).

    Where the site's restrictions and such aliases are known already (``VisibilityFacts``,
    kept per content version while a request is served), they are plain conditions on
    the path and the id; otherwise two subqueries find them.
    """
    queryset = queryset.live().filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
    facts = known_visibility_facts()
    if facts is None:
        return queryset.exclude(Exists(view_restricted())).exclude(
            Exists(aliased_in_another_language())
        )
    if facts.restricted_paths:
        queryset = queryset.exclude(under_any(facts.restricted_paths))
    if facts.foreign_alias_ids:
        queryset = queryset.exclude(pk__in=facts.foreign_alias_ids)
    return queryset


def visible_among(pages):
    """Those of ``pages`` (rows already read, such as a page's thematic areas) that
    ``visible`` keeps, in their order: checked with the visibility facts where they are
    kept, else with one query."""
    pages = list(pages)
    facts = known_visibility_facts()
    if facts is not None:
        return [page for page in pages if facts.shows(page)]
    if not pages:
        return []
    shown = set(
        visible(Page.objects.filter(pk__in=[page.pk for page in pages])).values_list(
            "pk", flat=True
        )
    )
    return [page for page in pages if page.pk in shown]


def one_or_none(queryset):
    """The one row of ``queryset``, narrowed to one by a unique key (an id, a tree path), or
    None. ``get`` asks the database for no order, where ``first`` orders pages by their tree
    path: compiling that order, through a page type's parent link, took a third of the
    compiling of a one-row query."""
    try:
        return queryset.get()
    except queryset.model.DoesNotExist:
        return None


def child_rows(page, relation, *joined):
    """The page's rows of the child ``relation`` with the ``joined`` foreign keys read in the
    same query, not one query per row; rows the page object holds already (``holds_rows``:
    a preview's, or those the API's detail prefetched) are taken as they are."""
    if holds_rows(page, relation):
        return list(getattr(page, relation).all())
    return list(getattr(page, relation).select_related(*joined))


def holds_rows(page, relation):
    """Whether the page object holds the rows of ``relation`` already: in memory (a
    preview, a form's page, modelcluster's) or prefetched (the API's detail), so that they
    are taken from it rather than read again (and a preview shows its own)."""
    return relation in getattr(page, "_cluster_related_objects", {}) or relation in getattr(
        page, "_prefetched_objects_cache", {}
    )


def under_live_home(queryset):
    """The pages of ``queryset`` whose home page is live (``home_is_live``)."""
    facts = known_visibility_facts()
    if facts is None:
        return queryset.filter(Exists(home_is_live()))
    return queryset.filter(under_any(facts.live_home_paths))


def under_any(paths):
    """A condition: the page is at or under one of the tree ``paths`` (none: no page)."""
    return functools.reduce(
        operator.or_, (Q(path__startswith=path) for path in paths), Q(pk__in=[])
    )


@dataclasses.dataclass(frozen=True)
class VisibilityFacts:
    """What the visibility filter's subqueries would find, read once for many requests.

    A site has a handful of private sections and untranslated aliases at most, so
    every request after the first needs neither subquery (each one costs more to
    build, compile and plan than the rest of the filter). Whoever keeps the facts must
    read them afresh whenever a page, a restriction or a locale changes (the content
    version does: ``core.kept``).
    """

    restricted_paths: tuple  # of every page with a view restriction: private under them
    foreign_alias_ids: tuple  # aliases in another language than the page they copy
    live_home_paths: tuple  # of the live pages at depth 2 (home pages)

    # Past this many aliases in another language (a tree synchronised into every
    # language), a list of ids would cost more than the subquery: no facts then.
    MAX_FOREIGN_ALIASES = 500

    def shows(self, page):
        """Whether ``visible`` keeps ``page``, a row already read: the same conditions,
        checked on it rather than in the query that reads it."""
        return (
            page.live
            and (page.expire_at is None or page.expire_at > timezone.now())
            and not page.path.startswith(self.restricted_paths)
            and page.pk not in self.foreign_alias_ids
        )

    def home_is_live(self, page):
        """Whether ``under_live_home`` keeps ``page``, a row already read."""
        return page.path.startswith(self.live_home_paths)

    @classmethod
    def read(cls):
        """The facts, in one query; None when the aliases are too many."""
        restricted = (
            PageViewRestriction.objects.annotate(kind=Value("restricted"))
            .values_list("kind", "page__path", "page_id")
            .order_by()
        )
        foreign_aliases = (
            Page.objects.filter(alias_of__isnull=False)
            .exclude(alias_of__locale_id=F("locale_id"))
            .annotate(kind=Value("foreign alias"))
            .values_list("kind", "path", "pk")
            .order_by()
        )
        live_homes = (
            Page.objects.filter(depth=2, live=True)
            .annotate(kind=Value("live home"))
            .values_list("kind", "path", "pk")
            .order_by()
        )
        found = {"restricted": set(), "foreign alias": set(), "live home": set()}
        for kind, path, pk in restricted.union(foreign_aliases, live_homes, all=True):
            found[kind].add(pk if kind == "foreign alias" else path)
        if len(found["foreign alias"]) > cls.MAX_FOREIGN_ALIASES:
            return None
        return cls(
            restricted_paths=tuple(sorted(found["restricted"])),
            foreign_alias_ids=tuple(sorted(found["foreign alias"])),
            live_home_paths=tuple(sorted(found["live home"])),
        )


def known_visibility_facts():
    """The site's ``VisibilityFacts`` for this content version, or None where none are kept
    (``visible`` then uses its subqueries)."""
    return kept("visibility-facts", compute=VisibilityFacts.read)


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
