"""The response cache: whole responses of the API and of visitors' pages, keyed on the
content version (``caching.version``), the host, the language, the path and the query
parameters the page reads."""

import copy
import re
import time
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.http.request import split_domain_port
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    has_vary_header,
)
from django.utils.datastructures import MultiValueDict
from django.utils.translation import get_language_from_request
from wagtail.models import Site

from caching import degraded
from caching.version import (
    LEARNED_TIMEOUT,
    _request_memo,
    cache_key,
    cache_timeout,
    cached,
    content_version_and,
    enabled,
)

# Concurrent misses of one URL: how long the others wait for the first one's entry, and
# how long a claim to compute it lives at most (caching.middleware.claim_or_wait).
COALESCE_WAIT = 5.0  # seconds
CLAIM_TIMEOUT = 30  # seconds, the longest a request may run (gunicorn's timeout)

# What the response cache did, in the standard ``Cache-Status`` header (RFC 9211), so a
# CDN's log, an operator's ``curl -I`` and ``make bench`` can tell the three apart.
CACHE_STATUS = "Cache-Status"
CACHE_NAME = "site"
# A miss names its entry (``key``: the digest in the cache key, which holds the content
# version), so that computations of one entry can be counted across servers.
HIT = f"{CACHE_NAME}; hit"
COLLAPSED = f"{CACHE_NAME}; fwd=uri-miss; collapsed"  # waited for another request's entry
COMPUTED = f"{CACHE_NAME}; fwd=uri-miss"  # computed here (``; stored`` when kept)


def miss_status(status, key):
    return f'{status}; key="{key.rpartition(":")[2]}"'


class Consulted:
    """What a view read of the query string: parameters by name, or all of it."""

    def __init__(self):
        self.names = set()
        self.everything = False


class ConsultedQueryDict(QueryDict):
    """``request.GET`` that records which parameters the view consults.

    Reading one parameter (``get``, ``[]``, ``getlist``, ``in``) records its name; anything
    that depends on which parameters there are (iterating, ``len``, ``bool``, ``items``,
    ``urlencode``, comparing, pickling) records that the view read everything. A copy
    records into the same ``Consulted``: reading a copy is reading the original. Every
    method of ``QueryDict`` is in one of these groups or changes only the copy;
    tests/caching/test_query_parameters.py fails when Django adds one that is not.
    (One difference: ``dict(query)`` gives each parameter's last value, as ``query[name]``
    does, where a plain QueryDict's is copied with its lists; nothing here relies on it.)
    """

    consulted = None

    @classmethod
    def watching(cls, query_dict, consulted):
        watched = cls(mutable=True, encoding=query_dict.encoding)
        for name, values in MultiValueDict.lists(query_dict):
            MultiValueDict.setlist(watched, name, list(values))
        watched._mutable = query_dict._mutable
        watched.consulted = consulted
        return watched

    def _read(self, name):
        self.consulted.names.add(name)

    def _read_everything(self):
        self.consulted.everything = True

    # One parameter, by name.
    def __getitem__(self, key):
        self._read(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._read(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self._read(key)
        return super().get(key, default)

    def _getlist(self, key, default=None, force_list=False):
        self._read(key)
        return super()._getlist(key, default, force_list)

    def getlist(self, key, default=None):
        self._read(key)
        return super().getlist(key, default)

    def pop(self, key, *args):
        self._read(key)
        return super().pop(key, *args)

    def __delitem__(self, key):
        self._read(key)
        super().__delitem__(key)

    def setdefault(self, key, default=None):
        self._read(key)
        return super().setdefault(key, default)

    def setlistdefault(self, key, default_list=None):
        self._read(key)
        return super().setlistdefault(key, default_list)

    def appendlist(self, key, value):
        self._read(key)
        super().appendlist(key, value)

    # Which parameters there are.
    def __iter__(self):
        self._read_everything()
        return super().__iter__()

    def __len__(self):
        self._read_everything()
        return super().__len__()

    def __reversed__(self):
        self._read_everything()
        return super().__reversed__()

    def __repr__(self):
        self._read_everything()
        return super().__repr__()

    def __eq__(self, other):
        self._read_everything()
        return super().__eq__(other)

    def __ne__(self, other):
        self._read_everything()
        return super().__ne__(other)

    def __or__(self, other):
        self._read_everything()
        return super().__or__(other)

    def __ror__(self, other):
        self._read_everything()
        return super().__ror__(other)

    def __ior__(self, other):
        self._read_everything()
        return super().__ior__(other)

    def __sizeof__(self):
        self._read_everything()
        return super().__sizeof__()

    def __getstate__(self):
        self._read_everything()
        return super().__getstate__()

    def __reduce_ex__(self, protocol):
        self._read_everything()
        return super().__reduce_ex__(protocol)

    def __reduce__(self):
        self._read_everything()
        return super().__reduce__()

    def keys(self):
        self._read_everything()
        return super().keys()

    def values(self):
        self._read_everything()
        return super().values()

    def items(self):
        self._read_everything()
        return super().items()

    def lists(self):
        self._read_everything()
        return super().lists()

    def dict(self):
        self._read_everything()
        return super().dict()

    def urlencode(self, safe=None):
        self._read_everything()
        return super().urlencode(safe)

    def popitem(self):
        self._read_everything()
        return super().popitem()

    def update(self, *args, **kwargs):
        self._read_everything()  # merges into the lists of the parameters already there
        super().update(*args, **kwargs)

    # Copies read nothing yet, and record into the same ``Consulted``.
    def copy(self):
        return self.__deepcopy__({})

    def __copy__(self):
        copied = ConsultedQueryDict.watching(self, self.consulted)
        copied._mutable = True
        return copied

    def __deepcopy__(self, memo):
        copied = ConsultedQueryDict(mutable=True, encoding=self.encoding)
        memo[id(self)] = copied
        for name, values in MultiValueDict.lists(self):
            MultiValueDict.setlist(copied, copy.deepcopy(name, memo), copy.deepcopy(values, memo))
        copied.consulted = self.consulted
        return copied


class ConsultedEnviron(dict):
    """``request.META`` that records reading the raw query string (``QUERY_STRING``), as
    ``get_full_path()`` and ``build_absolute_uri()`` do, as reading everything."""

    consulted = None

    def _check(self, key):
        if key == "QUERY_STRING":
            self.consulted.everything = True

    def __getitem__(self, key):
        self._check(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._check(key)
        return super().get(key, default)

    def __contains__(self, key):
        self._check(key)
        return super().__contains__(key)


def watch_query(request):
    """From here on, record what ``request`` reads of its query string."""
    consulted = Consulted()
    request.GET = ConsultedQueryDict.watching(request.GET, consulted)
    environ = ConsultedEnviron(request.META)
    environ.consulted = consulted
    request.META = request.environ = environ
    return consulted


def query_signature(query_dict, query_string, names):
    """What of the query string a cache key holds: the values of ``names``, or all of it.

    Absent and empty differ (``getlist`` gives ``[]`` and ``[""]``), and the key holds
    the names themselves, so an entry is only found by requests that agree with it on
    every parameter its view read.
    """
    if names == ALL_PARAMETERS:
        return ALL_PARAMETERS, query_string
    return tuple((name, tuple(query_dict.getlist(name))) for name in sorted(names))


ALL_PARAMETERS = "*"


# The keys Django's session stores make (``SessionBase._get_new_session_key``): a cookie
# of any other shape can name no session, and costs no lookup.
SESSION_KEY_SHAPE = re.compile(r"[a-z0-9]{32}")


def has_session(request):
    """Whether the request's session cookie carries a session with something in it.

    With ``cached_db`` sessions (the settings' engine), a real session is one cache
    read, a well-formed key that names nothing one lookup by primary key, and any
    other cookie nothing at all.
    """
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key or not SESSION_KEY_SHAPE.fullmatch(key):
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(key)
    return bool(store.load())


class ResponseCacheMiddleware:
    """Serves repeated reads from the shared cache: API responses and visitors' pages.

    - ``/api/v2/``: every ``GET``/``HEAD`` (the API has no users: it is the same for
      everyone), except the draft preview and the schema (derived from the code).
    - Everything else a visitor reads (pages, listings, search, feeds, sitemap), for
      requests without a session: a logged-in editor sees the user bar and drafts'
      links, and a visitor who unlocked a password-protected page sees the page, so
      they always get a fresh one. A session cookie that carries no session (expired,
      or made up) counts as none: the request is served as any visitor's, and the
      response deletes the cookie, as Django's session middleware would.

    The key holds the content version, the host (absolute URLs), the language
    negotiated from the request, the path, and the values of the query parameters the
    page reads, not the raw query string, so that ``?utm_source=…`` or any made-up
    parameter neither makes a new entry nor reaches the page:

    - While computing a response, ``request.GET`` records the parameters the view
      consults (``ConsultedQueryDict``), and reading the raw query string (iterating
      ``request.GET``, ``get_full_path()``) counts as consulting all of them.
    - The union of what the views of a host and path consulted is learned in the
      cache; requests are keyed on the values of those names (or on the raw query
      string once a view there read all of it, as the API's views do to refuse unknown
      parameters).
    - A view is a function of the content version, host, language, path and the
      parameters it consults: a request that agrees with a stored entry on every
      parameter that entry's view consulted would make the same response. That is
      the whole argument, so a parameter the view never read cannot be in a stored
      page, and pages must build their links from the parameters they read (their
      form's cleaned values), never by echoing the query string.

    The values of the parameters a page does read still make entries of their own
    (``?page=2``, ``?type=…``, made-up values of them too: each is a page a visitor may
    ask for); ``SITE_CACHE_TIMEOUT`` and Redis's memory limit bound them. Headers other
    than the host and the language are no part of the key, so no page may depend on them.

    Only a 200 that is the same for everyone is kept: no cookie set, not private. A hit
    still answers ``If-None-Match`` with 304. It sits early in the middleware stack, so
    a hit costs three cache reads (version, learned parameters, entry) and no query.
    Each response it handles says what it did in ``Cache-Status`` (RFC 9211): ``site;
    hit``, ``site; fwd=uri-miss; stored`` (computed and kept), ``site; fwd=uri-miss``
    (computed, not kept) or ``site; fwd=uri-miss; collapsed`` (waited for another
    request computing it); a miss adds the entry's ``key`` (a digest).
    """

    API_PREFIX = "/api/v2/"
    EXCLUDED_PREFIXES = (
        "/api/v2/preview/",
        "/api/v2/schema/",
        "/admin/",
        "/documents/",  # served with each collection's privacy checked
        "/healthz",
        "/static/",
        "/media/",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        memo = _request_memo.set({})
        try:
            with degraded.watching():
                response = self.respond(request)
                if degraded.is_degraded():
                    add_never_cache_headers(response)  # nor by the CDN or a browser
                return response
        finally:
            _request_memo.reset(memo)

    def respond(self, request):
        if not self.is_cacheable(request):
            return self.get_response(request)
        stray_cookie = self.drop_stray_session_cookie(request)
        learned_key = cache_key("response-parameters", request.get_host(), request.path)
        version, values = content_version_and(learned_key)  # one round trip
        learned = values.get(learned_key) or frozenset()
        place = (version, request.get_host(), get_language_from_request(request), request.path)
        query = request.GET, request.META.get("QUERY_STRING", "")
        key = cache_key("response", *place, query_signature(*query, learned))
        entry = cache.get(key)
        claim, status = None, HIT
        if entry is None:
            claim, entry = self.claim_or_wait(key)
            status = miss_status(COLLAPSED, key)
        if entry is not None:
            response = self.response_from(entry)
            response.headers[CACHE_STATUS] = status
            response = (
                get_conditional_response(request, etag=response.get("ETag"), response=response)
                or response
            )
        else:
            try:
                response = self.compute_and_store(request, place, query, learned, learned_key)
                response.headers[CACHE_STATUS] = miss_status(response[CACHE_STATUS], key)
            finally:
                if claim is not None:
                    cache.delete(claim)
        if stray_cookie:
            response.delete_cookie(
                settings.SESSION_COOKIE_NAME,
                path=settings.SESSION_COOKIE_PATH,
                domain=settings.SESSION_COOKIE_DOMAIN,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
        return response

    def compute_and_store(self, request, place, query, learned, learned_key):
        """The view's response, stored when it is the same for everyone."""
        consulted = watch_query(request)
        response = self.get_response(request)
        response.headers[CACHE_STATUS] = COMPUTED
        if self.should_store(request, response):
            names = (
                ALL_PARAMETERS
                if consulted.everything or learned == ALL_PARAMETERS
                else learned | frozenset(consulted.names)
            )
            cache.set(
                cache_key("response", *place, query_signature(*query, names)),
                self.entry_from(response),
                cache_timeout(),
            )
            if names != learned:
                cache.set(learned_key, names, LEARNED_TIMEOUT)
            response.headers[CACHE_STATUS] = f"{COMPUTED}; stored"
        return response

    @staticmethod
    def claim_or_wait(key):
        """``(claim, entry)``: who computes a missing entry, so that concurrent misses of one
        URL compute it once (a publish starts a new content version, and every client of a
        busy URL misses at the same moment).

        The first request claims the entry (``cache.add``) and, unless the entry appeared
        meanwhile, computes it: ``(claim, None)``, the claim deleted once it is done. The others wait for its entry: ``(None, entry)``.
        They stop waiting and compute it themselves (``(None, None)``) when the claim goes
        without an entry (the answer was not one to store: an error, a 503), after
        ``COALESCE_WAIT`` seconds, or when the cache cannot say (a failing cache answers
        ``None``, not ``False``, to ``add``: nobody waits on a broken cache). A claim lives
        ``CLAIM_TIMEOUT`` seconds at most, should its holder die.
        """
        claim = f"{key}:computing"
        claimed = cache.add(claim, 1, CLAIM_TIMEOUT)
        if claimed is None:  # the cache failed: compute, and leave it alone
            return None, None
        if claimed:
            # The entry may have been stored between this request's look-up and its claim
            # (a computation that finished and let its claim go in between): served, not
            # computed a second time.
            entry = cache.get(key)
            if entry is not None:
                cache.delete(claim)
                return None, entry
            return claim, None
        deadline = time.monotonic() + COALESCE_WAIT
        pause = 0.005
        while time.monotonic() < deadline:
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
            found = cache.get_many([key, claim])
            if key in found:
                return None, found[key]
            if claim not in found:
                return None, None
        return None, None

    def is_cacheable(self, request):
        if not enabled() or not getattr(settings, "WHOLE_RESPONSES", True):
            return False
        if request.method not in ("GET", "HEAD") or request.path.startswith(self.EXCLUDED_PREFIXES):
            return False
        return (
            request.path.startswith(self.API_PREFIX)
            or settings.SESSION_COOKIE_NAME not in request.COOKIES
            or not has_session(request)
        )

    @staticmethod
    def drop_stray_session_cookie(request):
        """Forget a session cookie that carries no session, so the page is computed and
        stored exactly as for a visitor without one. Whether one was dropped."""
        if request.path.startswith(ResponseCacheMiddleware.API_PREFIX):
            return False
        return request.COOKIES.pop(settings.SESSION_COOKIE_NAME, None) is not None

    @staticmethod
    def should_store(request, response):
        """A 200 that is the same for everyone who gets it from the cache.

        ``Vary: Cookie`` alone does not disqualify a page: templates look at
        ``request.user`` (for the user bar), which marks the session as read, but
        pages are only cached for requests without a session, which all see the same.
        """
        cache_control = response.get("Cache-Control", "")
        return (
            not degraded.is_degraded()
            and response.status_code == 200
            and not response.streaming
            and "no-store" not in cache_control
            and "private" not in cache_control
            and not response.cookies
            and not (
                has_vary_header(response, "Cookie")
                and settings.SESSION_COOKIE_NAME in request.COOKIES
            )
        )

    @staticmethod
    def entry_from(response):
        headers = [
            (name, value) for name, value in response.headers.items() if name != CACHE_STATUS
        ]
        return response.status_code, headers, response.content

    @staticmethod
    def response_from(entry):
        status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response.headers[name] = value
        return response


class SiteMiddleware:
    """The request's Wagtail site from the cache, until the content changes.

    Wagtail finds the site once per request (``Site.find_for_request``, for routing, page
    URLs and the API), with a query each time; here it comes from the cache under the
    content version, which a change of any site renews. After ``ResponseCacheMiddleware``:
    a cached response needs no site, and the host has been checked by then.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Where the response cache applies: not the admin, static files, the health check
        # or the schema, which must answer whatever state the content version is in.
        excluded = request.path.startswith(ResponseCacheMiddleware.EXCLUDED_PREFIXES)
        if enabled() and not excluded:
            hostname = split_domain_port(request.get_host())[0]
            request._wagtail_site = cached(
                "request-site",
                hostname,
                request.get_port(),
                compute=lambda: Site._find_for_request(request),
            )
        return self.get_response(request)
