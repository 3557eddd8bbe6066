"""Search on the demo site: the search page (what it finds, why, filters, promotions, odd
queries) and the API's ``?search=`` on ``/api/v2/pages/`` and ``/api/v2/events/``.

One module, so the demo content is loaded once for all of them.
"""

import pytest
from django.conf import settings
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Locale

from events.models import EventPage
from home.models import StandardPage
from news.models import NewsIndexPage, NewsPage
from search.results import count_search
from search.views import RESULTS_PER_PAGE
from tests import factories
from tests.helpers import accessibility_problems, get_soup, text_of
from tests.search.utils import (
    EXAMPLE_QUERIES,
    HOSTILE_QUERIES,
    SEED_TITLE,
    SEED_TITLE_RU,
    api,
    api_titles,
    result_titles,
    search_page,
)


@pytest.fixture
def demo(shared_demo_site):
    return shared_demo_site


def seed_hit(response, title=SEED_TITLE):
    """The <li> of the seed event among the results."""
    soup = get_soup(response)
    for item in soup.select(".search-results li"):
        if text_of(item.h2) == title:
            return item
    raise AssertionError(f"{title!r} not among {result_titles(response)}")


@pytest.mark.parametrize("query", EXAMPLE_QUERIES)
def test_example_queries_find_the_seed_event(demo, query):
    # Among the events: the demo's other real items share its field of work and its words.
    assert SEED_TITLE in result_titles(search_page(q=query, type="events.eventpage"))


@pytest.mark.parametrize(
    ("query", "label", "marked"),
    [
        ("Sibiu", "City:", ["Sibiu"]),
        ("ACCEPT", "Organizers:", ["ACCEPT"]),
        (
            "Tolerance and non-discrimination",
            "Fields of work:",
            ["Tolerance", "non-discrimination"],
        ),
        ("Bulgaria Italy", None, ["Bulgaria", "Italy"]),  # the Background section
        ("specialist support services", None, ["specialist", "support", "services"]),
    ],
)
def test_each_result_shows_why_it_matched(demo, query, label, marked):
    response = search_page(q=query, type="events.eventpage")
    excerpt = seed_hit(response).select_one(".search-results__excerpt")
    field = excerpt.select_one(".search-results__field")
    assert (text_of(field) if field else None) == label
    assert [text_of(mark) for mark in excerpt.find_all("mark")][: len(marked)] == marked
    assert {tag.name for tag in excerpt.find_all(True)} <= {"mark", "span"}


def test_the_body_sections_are_searched(demo):
    for words in ["practical elements of the police response", "secondary victimization", "CERV"]:
        assert SEED_TITLE in result_titles(search_page(q=words)), words


def test_titles_are_marked(demo):
    title = seed_hit(search_page(q="joint training")).h2
    assert [text_of(mark) for mark in title.find_all("mark")] == ["Joint", "Training"]


def test_excerpts_are_escaped(demo):
    news_index = NewsIndexPage.objects.get(locale=Locale.get_default())
    factories.NewsPageFactory(
        parent=news_index,
        title="Zebrafish news",
        summary='<script>alert("x")</script> & <b>zebrafish</b> study',
    )
    response = search_page(q="zebrafish")
    excerpt = seed_hit(response, "Zebrafish news").select_one(".search-results__excerpt")
    assert [tag.name for tag in excerpt.find_all(True)] == ["mark"]
    assert (
        b"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;<mark>zebrafish</mark>"
        in response.content
    )
    assert b"<script>alert" not in response.content


def test_russian_query_finds_the_russian_event(demo):
    titles = result_titles(search_page("ru", q="Сибиу"))
    assert titles == [SEED_TITLE_RU]
    # The Russian event carries the Russian names of its taxonomy, not the source's.
    assert SEED_TITLE_RU in result_titles(search_page("ru", q="Толерантность и недискриминация"))
    assert result_titles(search_page("ru", q="Sibiu")) == []
    assert result_titles(search_page("en", q="Сибиу")) == []


def test_russian_page_is_in_russian(demo):
    soup = get_soup(search_page("ru", q="Сибиу"))
    assert soup.html["lang"] == "ru"
    assert text_of(soup.find(attrs={"role": "status"})) == "1 результат"
    assert soup.find("label", attrs={"for": "id_q"}).get_text() == "Поиск по сайту"
    assert text_of(soup.find("legend")) == "Уточнить результаты"
    types = [text_of(option) for option in soup.select("#id_type option")]
    assert types[0] == "Все типы" and "Мероприятия" in types
    assert all(all("а" <= char.lower() <= "я" or not char.isalpha() for char in t) for t in types)


def test_page_is_accessible(demo):
    for response in [search_page(q="hate crime"), search_page(), search_page(q="zzzz")]:
        assert accessibility_problems(get_soup(response)) == []


def test_empty_query_shows_the_form_and_a_hint(demo):
    for params in [{}, {"q": ""}, {"q": "   "}, {"q": "\x00"}, {"type": "events.eventpage"}]:
        soup = get_soup(search_page(**params))
        assert soup.select(".search-results") == []
        assert "Type a word or phrase" in text_of(soup.find(attrs={"role": "status"}))
        assert soup.find("input", attrs={"name": "q"}) is not None


def test_no_results_page(demo):
    soup = get_soup(search_page(q="xylophone"))
    assert soup.select(".search-results") == []
    assert text_of(soup.find(attrs={"role": "status"})) == "No results for “xylophone”."
    assert soup.title.get_text().startswith("Search results for “xylophone”")


def test_filter_form_is_labelled_and_offers_what_exists(demo):
    soup = get_soup(search_page(q="hate"))
    form = soup.find("form", attrs={"role": "search"})
    labels = {label["for"]: text_of(label) for label in form.find_all("label")}
    assert labels == {
        "id_q": "Search the site",
        "id_type": "Type",
        "id_area": "Thematic area",
        "id_year": "Year",
    }
    types = [text_of(option) for option in form.select("#id_type option")]
    assert types == [
        "All types",
        "Events",
        "News items",
        "Resources",
        "Standard page",
        "Thematic areas",
    ]
    areas = [option["value"] for option in form.select("#id_area option")]
    assert areas[1:4] == ["elections", "civil-society", "rule-of-law"] and len(areas) == 23
    years = [option["value"] for option in form.select("#id_year option")]
    assert "2025" in years and years == ["", *sorted(years[1:], reverse=True)]


def test_type_filter(demo):
    titles = result_titles(search_page(q="hate crime", type="events.eventpage"))
    assert SEED_TITLE in titles
    assert set(titles) <= set(EventPage.objects.values_list("title", flat=True))
    assert "Hate crime" in result_titles(search_page(q="hate crime"))  # the thematic area
    assert "Hate crime" not in titles
    # Named as the pages API names types, too.
    assert result_titles(search_page(q="hate crime", type="events.EventPage")) == titles


def test_thematic_area_filter(demo):
    titles = result_titles(search_page(q="victims", area="hate-crime"))
    assert SEED_TITLE in titles
    assert "Hate Crime Data-Collection and Monitoring Mechanisms: A Practical Guide" in titles
    assert result_titles(search_page(q="victims", area="elections")) == []
    # The area page itself belongs to its area.
    assert result_titles(search_page(q="our work", area="torture")) == ["Torture"]


def test_year_filter(demo):
    response = search_page(q="hate crime", year="2025")
    assert SEED_TITLE in result_titles(response)
    dates = [time["datetime"] for time in get_soup(response).select(".search-results time")]
    assert dates and all(date.startswith("2025-") for date in dates)
    years = [option["value"] for option in get_soup(response).select("#id_year option")]
    for year in set(years) - {"", "2025"}:  # the other demo items are dated from today
        assert SEED_TITLE not in result_titles(search_page(q="hate crime", year=year))
    # A year without content is no choice: reported and ignored.
    response = search_page(q="Sibiu", year="1999")
    assert get_soup(response).find(attrs={"role": "alert"}) is not None
    assert SEED_TITLE in result_titles(response)


def test_filters_combine(demo):
    params = {"q": "training", "type": "events.eventpage", "area": "hate-crime", "year": "2025"}
    assert result_titles(search_page(**params)) == [SEED_TITLE]
    assert result_titles(search_page(**{**params, "type": "news.newspage"})) == []
    assert result_titles(search_page("ru", **{**params, "q": "тренинг"})) == [SEED_TITLE_RU]


def test_invalid_filters_are_reported_and_ignored(demo):
    response = search_page(q="Sibiu", type="nonsense", area="no-such-area", year="abc")
    soup = get_soup(response)
    assert "Some filters were not valid" in text_of(soup.find(attrs={"role": "alert"}))
    assert SEED_TITLE in result_titles(response)


def test_results_are_paginated(demo):
    # "Our work on …" is the introduction of every one of the 22 thematic areas.
    first = search_page(q="our work")
    second = search_page(q="our work", page="2")
    assert len(result_titles(first)) == RESULTS_PER_PAGE
    assert result_titles(second) and not set(result_titles(first)) & set(result_titles(second))
    soup = get_soup(first)
    assert text_of(soup.find(attrs={"role": "status"})).endswith("results")
    next_link = soup.select_one(".pagination a[rel=next]")["href"]
    assert "q=our+work" in next_link and "page=2" in next_link
    last = text_of(soup.select_one(".pagination [aria-current=page]")).split()[-1]
    assert result_titles(search_page(q="our work", page="999")) == result_titles(
        search_page(q="our work", page=last)
    )


def promote(query_string, page=None, **fields):
    return SearchPromotion.objects.create(
        query=Query.get(query_string), page=page, sort_order=fields.pop("sort_order", 0), **fields
    )


def test_promoted_result_comes_first(demo):
    about = StandardPage.objects.get(slug="about-us", locale=Locale.get_default())
    promote("Training", about, description="Who organises our trainings.")
    response = search_page(q="training")
    titles = result_titles(response)
    assert titles[0] == "About us" and SEED_TITLE in titles[1:]
    first = get_soup(response).select_one(".search-results li")
    assert "search-results__item--promoted" in first["class"]
    assert "Who organises our trainings." in text_of(first)
    assert titles.count("About us") == 1


def test_promoted_page_that_also_matches_is_listed_once(demo):
    seed = EventPage.objects.get(title=SEED_TITLE)
    promote("hate crime", seed)
    titles = result_titles(search_page(q="Hate   Crime"))
    assert titles[0] == SEED_TITLE and titles.count(SEED_TITLE) == 1


def test_promotions_in_order_with_links_and_in_the_visitors_language(demo):
    seed = EventPage.objects.get(title=SEED_TITLE)
    about = StandardPage.objects.get(slug="about-us", locale=Locale.get_default())
    promote("odihr", about, sort_order=1)
    promote("odihr", seed, sort_order=0)
    promote(
        "odihr",
        external_link_url="https://www.osce.org/odihr",
        external_link_text="ODIHR website",
        sort_order=2,
    )
    assert result_titles(search_page(q="ODIHR"))[:3] == [SEED_TITLE, "About us", "ODIHR website"]
    # In Russian, the translations of the promoted pages.
    assert result_titles(search_page("ru", q="odihr"))[:3] == [
        SEED_TITLE_RU,
        "О нас",
        "ODIHR website",
    ]
    # Filters apply to promoted pages; links to other sites are left out.
    assert result_titles(search_page(q="odihr", type="events.eventpage"))[0] == SEED_TITLE
    assert "About us" not in result_titles(search_page(q="odihr", type="events.eventpage"))
    assert "ODIHR website" not in result_titles(search_page(q="odihr", type="events.eventpage"))


def test_promoted_page_that_is_not_visible_is_not_shown(demo):
    about = StandardPage.objects.get(slug="about-us", locale=Locale.get_default())
    promote("training", about)
    about.unpublish()
    assert "About us" not in result_titles(search_page(q="training"))


def test_searches_for_promoted_queries_are_counted_for_editors(demo):
    promote("Hate crime", external_link_url="https://example.org/", external_link_text="Ext")
    search_page(q="Hate crime")
    search_page(q="hate   CRIME")
    assert Query.get("hate crime").hits == 2


def test_visitors_searches_never_add_rows(demo):
    """Anonymous traffic cannot grow the query log: new terms add nothing, on the search
    page (20 of them) or wherever a search is counted (1000)."""
    promote("Training", external_link_url="https://example.org/", external_link_text="Ext")
    tables = (Query.objects, QueryDailyHits.objects)
    before = [table.count() for table in tables]

    for number in range(20):
        assert search_page(q=f"unheard-of term {number}").status_code == 200
    for number in range(1000):
        count_search(f"never searched before {number}")

    assert [table.count() for table in tables] == before


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_fail(demo, query):
    response = search_page(q=query)
    assert response.status_code == 200
    soup = get_soup(response)
    assert soup.find(attrs={"role": "status"}) is not None
    # The site's own scripts are static files (the menu's); anything else is the query.
    scripts = soup.select("script:not([type])")
    injected = [
        script
        for script in scripts
        if script.string or not script.get("src", "").startswith(settings.STATIC_URL)
    ]
    assert not injected, "query text rendered as HTML"


def test_hostile_query_text_is_echoed_escaped_and_capped(demo):
    response = search_page(q="<script>alert(1)</script> " + "x" * 500)
    assert b"<script>alert(1)</script>" not in response.content
    value = get_soup(response).find("input", attrs={"name": "q"})["value"]
    assert value == "<script>alert(1)</script>"  # the over-long word is cut off


def test_nul_bytes_and_controls_are_removed_not_refused(demo):
    assert SEED_TITLE in result_titles(search_page(q="\x00Sibiu\x01"))


# The API ----------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ["pages/", "events/"])
@pytest.mark.parametrize("query", EXAMPLE_QUERIES)
def test_api_search_finds_the_seed_event(demo, endpoint, query):
    assert SEED_TITLE in api_titles(endpoint, search=query)
    assert SEED_TITLE in api_titles(endpoint, search=query, locale="en")
    assert SEED_TITLE not in api_titles(endpoint, search=query, locale="ru")


@pytest.mark.parametrize("endpoint", ["pages/", "events/"])
def test_api_search_in_russian(demo, endpoint):
    assert api_titles(endpoint, search="Сибиу", locale="ru") == [SEED_TITLE_RU]
    assert api_titles(endpoint, search="Сибиу", locale="en") == []
    # The field of work's Russian name (on PostgreSQL the home page's "толерантности" too).
    assert SEED_TITLE_RU in api_titles(endpoint, search="Толерантность", locale="ru")


@pytest.mark.parametrize(
    "params",
    [
        {"country": "RO"},
        {"event_type": "training"},
        {"field_of_work": "tolerance-and-non-discrimination"},
        {"thematic_area": "hate-crime"},
        {"date_from": "2025-05-01", "date_to": "2025-05-31"},
        {"past": "1", "country": "RO", "event_type": "training", "thematic_area": "hate-crime"},
        {"fields": "place,organizers", "limit": "5"},
    ],
)
def test_api_events_search_combines_with_filters(demo, params):
    assert api_titles("events/", search="ACCEPT", locale="en", **params) == [SEED_TITLE]
    assert api_titles("events/", search="ACCEPT", locale="ru", **params) == [SEED_TITLE_RU]


@pytest.mark.parametrize(
    "params",
    [
        {"country": "AT"},
        {"event_type": "webinar"},
        {"field_of_work": "elections"},
        {"thematic_area": "torture"},
        {"date_from": "2019-01-01", "date_to": "2019-12-31"},
        {"upcoming": "1", "date_to": "2025-12-31"},
    ],
)
def test_api_events_filters_narrow_the_search(demo, params):
    assert api_titles("events/", search="ACCEPT", **params) == []


def test_api_pages_search_combines_with_filters(demo):
    events_index = api_titles("pages/", slug="events", locale="en")
    assert events_index == ["Events"]
    status, body = api("pages/", slug="events", locale="en")
    index_id = body["items"][0]["id"]
    assert api_titles("pages/", search="Sibiu", type="events.EventPage") == [SEED_TITLE]
    assert api_titles("pages/", search="Sibiu", type="news.NewsPage") == []
    assert api_titles("pages/", search="Tirana", type="news.NewsPage") == [
        "Full engagement of women, national minorities and persons with disabilities crucial to "
        "ensure democratic elections, say participants of OSCE conference in Tirana"
    ]
    assert api_titles("pages/", search="Tirana", type="events.EventPage") == [
        "OSCE conference in Tirana on the participation of women, national minorities and "
        "persons with disabilities in elections"
    ]
    assert api_titles("pages/", search="Sibiu", child_of=index_id) == [SEED_TITLE]
    assert api_titles("pages/", search="Сибиу", locale="ru", type="events.EventPage") == [
        SEED_TITLE_RU
    ]


def test_api_search_results_are_ranked_and_paginated(demo):
    status, body = api("pages/", search="our work", limit=5, locale="en")
    assert status == 200 and body["meta"]["total_count"] > 20 and len(body["items"]) == 5
    status, rest = api("pages/", search="our work", limit=5, offset=5, locale="en")
    assert {item["id"] for item in body["items"]}.isdisjoint(item["id"] for item in rest["items"])


@pytest.mark.parametrize("endpoint", ["pages/", "events/"])
@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_api_hostile_queries_never_fail(demo, endpoint, query):
    status, body = api(endpoint, search=query, locale="en")
    assert status == 200, body
    assert body["meta"]["total_count"] == len(body["items"]) or len(body["items"]) == 20


@pytest.mark.parametrize("endpoint", ["pages/", "events/"])
def test_api_nul_bytes_are_a_client_error_not_a_server_error(demo, endpoint):
    # StrictSearchFilter (api/views.py) answers 400 before the search backend, which would
    # otherwise drop the character and search for the rest.
    status, body = api(endpoint, search="Sibiu\x00")
    assert (status, body) == (400, {"message": "null characters are not allowed in search"})


# The search endpoint -----------------------------------------------------------------

RESPONSE_KEYS = {"query", "locale", "total_count", "promoted", "groups"}
GROUP_KEYS = {"type", "label", "count", "items"}
ITEM_KEYS = {"id", "type", "title", "title_html", "url", "date", "excerpt"}


def group(body, type_name):
    return next(group for group in body["groups"] if group["type"] == type_name)


def test_search_endpoint_groups_results_with_excerpts(demo):
    status, body = api("search/", q="Sibiu")
    assert status == 200 and set(body) == RESPONSE_KEYS
    assert (body["query"], body["locale"], body["total_count"], body["promoted"]) == (
        "Sibiu",
        "en",
        1,
        [],
    )
    assert [(g["type"], g["label"], g["count"]) for g in body["groups"]] == [
        ("events.EventPage", "Events", 1),
    ]
    assert all(set(g) == GROUP_KEYS for g in body["groups"])
    [item] = group(body, "events.EventPage")["items"]
    assert set(item) == ITEM_KEYS
    seed = EventPage.objects.get(title=SEED_TITLE)
    assert item == {
        "id": seed.pk,
        "type": "events.EventPage",
        "title": SEED_TITLE,
        "title_html": SEED_TITLE,
        "url": seed.full_url,
        "date": "2025-05-27",
        "excerpt": {"label": "City", "html": "<mark>Sibiu</mark>"},
    }


def test_search_endpoint_in_russian(demo):
    status, body = api("search/", q="Сибиу", locale="ru")
    assert [(g["type"], g["label"]) for g in body["groups"]] == [
        ("events.EventPage", "Мероприятия")
    ]
    [item] = body["groups"][0]["items"]
    assert item["title"] == SEED_TITLE_RU
    assert item["excerpt"] == {"label": "Город", "html": "<mark>Сибиу</mark>"}


def test_search_endpoint_limit_filters_and_promotions(demo):
    about = StandardPage.objects.get(slug="about-us", locale=Locale.get_default())
    promote("our work", about, description="Who we are.")
    status, body = api("search/", q="our work", limit=3)
    assert [item["title"] for item in body["promoted"]] == ["About us"]
    assert body["promoted"][0]["type"] == "home.StandardPage"
    areas = group(body, "thematic_areas.ThematicAreaPage")
    assert areas["count"] == 22 and len(areas["items"]) == 3
    assert body["total_count"] == sum(g["count"] for g in body["groups"]) + 1
    assert "About us" not in [i["title"] for g in body["groups"] for i in g["items"]]
    status, body = api(
        "search/", q="victims", type="events.EventPage", area="hate-crime", year=2025
    )
    assert [i["title"] for g in body["groups"] for i in g["items"]] == [SEED_TITLE]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "q is required"),
        (
            {"q": "x", "search": "x"},
            "query parameter is not an operation or a recognised field: search",
        ),
        ({"q": "x", "locale": "xx"}, "locale 'xx' does not exist (available: en, ru)"),
        ({"q": "x", "limit": "0"}, "limit must be a number from 1 to 20"),
        ({"q": "x", "limit": "21"}, "limit must be a number from 1 to 20"),
        ({"q": "x", "limit": "-1"}, "limit must be a number from 1 to 20"),
        ({"q": "x", "area": "no-such-area"}, "area 'no-such-area' does not exist"),
        ({"q": "x", "year": "1800"}, "year must be a year with content, such as 2025"),
        (
            {"q": "x", "type": "wagtailcore.Page"},
            "type must be one of: events.EventPage, home.StandardPage, news.NewsPage, "
            "resources.ResourcePage, thematic_areas.ThematicAreaPage",
        ),
    ],
)
def test_search_endpoint_errors(demo, params, message):
    assert api("search/", **params) == (400, {"message": message})


def test_search_endpoint_type_without_pages_in_the_language_finds_nothing(demo):
    """Every page type the OpenAPI document lists for ``type`` is accepted: one with no page
    in the language searched finds nothing instead of answering 400."""
    assert not NewsPage.objects.filter(locale__language_code="ru").exists()
    assert api("search/", q="training", locale="ru", type="news.NewsPage") == (
        200,
        {"query": "training", "locale": "ru", "total_count": 0, "promoted": [], "groups": []},
    )


@pytest.mark.parametrize("query", ["", "\x00", "*", "-hate", *HOSTILE_QUERIES[::4]])
def test_search_endpoint_odd_queries(demo, query):
    status, body = api("search/", q=query)
    assert status == 200 and set(body) == RESPONSE_KEYS
    for item in (i for g in body["groups"] for i in g["items"]):
        assert "<script" not in item["title_html"] + (item["excerpt"] or {}).get("html", "")
