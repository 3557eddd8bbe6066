"""News types, datelines, issuing organisations and fields of work; resource types,
publishers, collections, ISBNs and file languages: their rules, the admin form, and the
pages in English and Russian (issue 14, News and Resources)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from news.models import NewsPage, NewsType
from resources.models import ResourceDocument, ResourcePage, ResourceType, validate_isbn
from taxonomies.models import OrganizationKind
from tests import factories
from tests.helpers import form_errors, get_soup, text_of, translate


def line_of(tag):
    """A line of text as it reads (``text_of`` puts a space between every two tags)."""
    return " ".join(tag.get_text().split())


ISBN_FORMAT = "Enter an ISBN of 10 or 13 digits, such as 978-92-9234-832-8."
ISBN_CHECKSUM = "The check digit of this ISBN is wrong: please copy it again from the publication."


# Rules ----------------------------------------------------------------------------------


def test_a_news_page_is_a_news_item_by_default(site_tree):
    page = factories.NewsPageFactory(parent=site_tree.news)
    assert page.news_type == NewsType.NEWS_ITEM == "news-item"
    assert page.dateline == ""


def test_news_type_must_be_one_of_the_types(site_tree):
    page = factories.NewsPageFactory(parent=site_tree.news)
    page.news_type = "blog-post"
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    assert list(caught.value.message_dict) == ["news_type"]
    page.news_type = ""
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    assert caught.value.message_dict["news_type"] == ["This field cannot be blank."]


@pytest.fixture
def odihr(db):
    return factories.OrganizationFactory(
        name="OSCE Office for Democratic Institutions and Human Rights",
        slug="odihr",
        acronym="ODIHR",
        kind=OrganizationKind.INSTITUTION,
    )


def test_a_resource_has_the_institution_as_publisher_by_default(site_tree, odihr):
    page = ResourcePage(title="A report", slug="a-report", fields_of_work=[])
    site_tree.resources.add_child(instance=page)
    assert page.publisher == odihr
    assert page.resource_type == ResourceType.REPORT
    assert page.isbn == ""


@pytest.mark.parametrize(
    "isbn",
    [
        "978-92-9234-832-8",  # ODIHR Annual Report 2011
        "978-83-66089-62-4",  # ODIHR Annual Report 2018
        "9789292348328",
        "978 92 9234 832 8",
        "0-306-40615-2",
        "0-8044-2957-x",
    ],
)
def test_valid_isbns_are_accepted(isbn):
    validate_isbn(isbn)


@pytest.mark.parametrize(
    ("isbn", "message"),
    [
        ("978-92-9234-832-9", ISBN_CHECKSUM),
        ("0-306-40615-3", ISBN_CHECKSUM),
        ("978-92-9234-832", ISBN_FORMAT),
        ("ISBN9789292348328", ISBN_FORMAT),
        ("97X-92-9234-832-8", ISBN_FORMAT),
        ("X-306-40615-2", ISBN_FORMAT),
    ],
)
def test_invalid_isbns_are_refused_with_a_message(site_tree, isbn, message):
    page = factories.ResourcePageFactory(parent=site_tree.resources)
    page.isbn = isbn
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    assert caught.value.message_dict == {"isbn": [message]}


def test_a_file_needs_a_language_of_the_list(site_tree):
    resource = factories.ResourcePageFactory(parent=site_tree.resources)
    file = ResourceDocument(page=resource, document=factories.DocumentFactory(), language="")
    with pytest.raises(ValidationError) as caught:
        file.full_clean()
    assert caught.value.message_dict["language"] == ["This field cannot be blank."]
    file.language = "klingon"
    with pytest.raises(ValidationError) as caught:
        file.full_clean()
    assert list(caught.value.message_dict) == ["language"]
    file.language = "ru"
    file.full_clean()


# The admin ------------------------------------------------------------------------------


def add_url(parent, model):
    return reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )


@pytest.fixture
def terms(odihr):
    """A field of work, and an open and a closed organisation beside the institution."""
    return {
        "odihr": odihr,
        "elections": factories.FieldOfWorkFactory(name="Elections", slug="elections"),
        "partner": factories.OrganizationFactory(name="Council of Europe", slug="coe"),
        "closed": factories.OrganizationFactory(
            name="OSCE Mission to Croatia", slug="osce-mission-to-croatia", closed=True
        ),
    }


def page_form(**fields):
    """The admin form's data; lists (checkboxes) are sent as several values of one field."""
    choices = {name: value for name, value in fields.items() if isinstance(value, list)}
    data = nested_form_data(
        {
            "date": "2025-05-29",
            "summary": "",
            "body": streamfield([]),
            "action-publish": "action-publish",
            **{name: value for name, value in fields.items() if name not in choices},
        }
    )
    return {**data, **choices}


PRESS_CONTACT = {
    "name": "Katya Andrusz",
    "role": "Spokesperson",
    "email": "katya.andrusz@odihr.pl",
    "phone": "+48 609 522 266",
}


def news_form(terms, **fields):
    return page_form(
        title="ODIHR opens election observation mission",
        slug="odihr-opens-election-observation-mission",
        news_type="press-release",
        dateline="WARSAW",
        issued_by=[terms["odihr"].pk, terms["partner"].pk],
        fields_of_work=[terms["elections"].pk],
        contacts=streamfield([("contact", PRESS_CONTACT)]),
        **fields,
    )


def test_an_editor_issues_a_press_release_with_its_dateline(site_tree, admin_client, terms):
    data = news_form(terms)
    response = admin_client.post(add_url(site_tree.news, NewsPage), data)
    assert response.status_code == 302, form_errors(response)
    page = NewsPage.objects.get(slug="odihr-opens-election-observation-mission")
    assert (page.news_type, page.dateline, page.date) == (
        "press-release",
        "WARSAW",
        datetime.date(2025, 5, 29),
    )
    assert [dict(block.value) for block in page.contacts] == [PRESS_CONTACT]
    assert set(page.issued_by.all()) == {terms["odihr"], terms["partner"]}
    assert list(page.fields_of_work.all()) == [terms["elections"]]


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("fields_of_work", "Choose at least one field of work."),
        ("issued_by", "Choose at least one organization that issues it."),
    ],
)
def test_news_needs_a_field_of_work_and_an_issuer(site_tree, admin_client, terms, missing, message):
    data = news_form(terms)
    del data[missing]
    response = admin_client.post(add_url(site_tree.news, NewsPage), data)
    assert response.status_code == 200
    assert form_errors(response) == {missing: [message]}
    assert message in text_of(get_soup(response))
    assert not NewsPage.objects.exists()


def checkbox_values(soup, name):
    return {int(box["value"]) for box in soup.find_all("input", attrs={"name": name})}


def checked_values(soup, name):
    boxes = soup.find_all("input", attrs={"name": name, "checked": True})
    return {int(box["value"]) for box in boxes}


def test_a_new_news_item_is_issued_by_the_institution_and_offers_open_organisations(
    site_tree, admin_client, terms
):
    soup = get_soup(admin_client.get(add_url(site_tree.news, NewsPage)))
    assert checkbox_values(soup, "issued_by") == {terms["odihr"].pk, terms["partner"].pk}
    assert checked_values(soup, "issued_by") == {terms["odihr"].pk}
    assert checked_values(soup, "fields_of_work") == set()


def test_a_closed_organisation_stays_on_the_news_that_names_it(site_tree, admin_client, terms):
    page = factories.NewsPageFactory(parent=site_tree.news, issued_by=[terms["closed"]])
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    soup = get_soup(admin_client.get(edit))
    assert terms["closed"].pk in checked_values(soup, "issued_by")
    assert checked_values(soup, "issued_by") == {terms["closed"].pk}
    assert terms["partner"].pk in checkbox_values(soup, "issued_by")


def test_a_russian_news_item_starts_with_the_russian_institution(site_tree, admin_client, terms):
    russian_news = translate(site_tree.news, "ru")
    odihr_ru = terms["odihr"].copy_for_translation(russian_news.locale)
    odihr_ru.name, odihr_ru.acronym = (
        "Бюро ОБСЕ по демократическим институтам и правам человека",
        "БДИПЧ",
    )
    odihr_ru.save()
    soup = get_soup(admin_client.get(add_url(russian_news, NewsPage)))
    assert checked_values(soup, "issued_by") == {odihr_ru.pk}


def test_the_news_form_offers_the_types_and_the_dateline(site_tree, admin_client):
    soup = get_soup(admin_client.get(add_url(site_tree.news, NewsPage)))
    options = soup.find("select", attrs={"name": "news_type"}).find_all("option")
    assert [option["value"] for option in options] == [
        "news-item",
        "press-release",
        "media-advisory",
        "press-statement",
    ]
    assert soup.find("input", attrs={"name": "dateline"}) is not None


def resource_form(isbn, languages, terms, **fields):
    files = [
        {"document": factories.DocumentFactory().pk, "language": code, "title": ""}
        for code in languages
    ]
    return page_form(
        **{
            "title": "Guidelines on the protection of human rights defenders",
            "slug": "guidelines-on-the-protection-of-human-rights-defenders",
            "resource_type": "guide",
            "publisher": terms["odihr"].pk,
            "fields_of_work": [terms["elections"].pk],
            "isbn": isbn,
            "documents": inline_formset(files),
            **fields,
        }
    )


def test_an_editor_publishes_a_guide_with_files_in_two_languages(site_tree, admin_client, terms):
    collection = factories.ResourceCollectionFactory(
        name="Hate Crime Data-Collection and Monitoring"
    )
    data = resource_form("978-92-9234-832-8", ["en", "ru"], terms, collections=[collection.pk])
    response = admin_client.post(add_url(site_tree.resources, ResourcePage), data)
    assert response.status_code == 302, form_errors(response)
    page = ResourcePage.objects.get(slug="guidelines-on-the-protection-of-human-rights-defenders")
    assert page.resource_type == "guide"
    assert page.isbn == "978-92-9234-832-8"
    assert [file.language for file in page.documents.all()] == ["en", "ru"]
    assert page.publisher == terms["odihr"]
    assert list(page.collections.all()) == [collection]
    assert list(page.fields_of_work.all()) == [terms["elections"]]


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("fields_of_work", "Choose at least one field of work."),
        ("publisher", "Choose the organization that publishes it."),
    ],
)
def test_a_resource_needs_a_field_of_work_and_a_publisher(
    site_tree, admin_client, terms, missing, message
):
    data = resource_form("", ["en"], terms)
    del data[missing]
    response = admin_client.post(add_url(site_tree.resources, ResourcePage), data)
    assert response.status_code == 200
    assert form_errors(response) == {missing: [message]}
    assert message in text_of(get_soup(response))
    assert not ResourcePage.objects.exists()


def test_a_new_resource_is_published_by_the_institution_and_offers_open_organisations(
    site_tree, admin_client, terms
):
    soup = get_soup(admin_client.get(add_url(site_tree.resources, ResourcePage)))
    select = soup.find("select", attrs={"name": "publisher"})
    assert select.find("option", selected=True)["value"] == str(terms["odihr"].pk)
    offered = {option["value"] for option in select.find_all("option") if option["value"]}
    assert offered == {str(terms["odihr"].pk), str(terms["partner"].pk)}


def test_a_closed_publisher_can_not_be_chosen_for_a_new_resource(site_tree, admin_client, terms):
    data = resource_form("", ["en"], terms, publisher=terms["closed"].pk)
    response = admin_client.post(add_url(site_tree.resources, ResourcePage), data)
    assert list(form_errors(response)) == ["publisher"]


def test_a_wrong_isbn_and_a_file_without_language_are_refused_in_the_form(
    site_tree, admin_client, terms
):
    data = resource_form("978-92-9234-832-9", [""], terms)
    response = admin_client.post(add_url(site_tree.resources, ResourcePage), data)
    assert response.status_code == 200
    assert form_errors(response) == {"isbn": [ISBN_CHECKSUM]}
    formset = response.context["form"].formsets["documents"]
    assert formset.errors == [{"language": ["This field is required."]}]
    assert ISBN_CHECKSUM in text_of(get_soup(response))
    assert not ResourcePage.objects.exists()


# The pages, in English and Russian -----------------------------------------------------


@pytest.fixture
def release(site_tree):
    return factories.NewsPageFactory(
        parent=site_tree.news,
        title="Observers deployed",
        slug="observers-deployed",
        date=datetime.date(2025, 5, 29),
        news_type=NewsType.PRESS_RELEASE,
        dateline="WARSAW",
    )


def test_news_page_shows_type_dateline_and_date(release, client):
    meta = get_soup(client.get("/en/news/observers-deployed/")).find("p", class_="meta")
    assert line_of(meta) == "Press release · WARSAW, 29 May 2025"
    assert meta.find("time")["datetime"] == "2025-05-29"


def test_news_page_without_dateline_leaves_it_out(site_tree, client):
    factories.NewsPageFactory(parent=site_tree.news, slug="plain", date=datetime.date(2025, 1, 10))
    meta = get_soup(client.get("/en/news/plain/")).find("p", class_="meta")
    assert line_of(meta) == "News item · 10 January 2025"
    assert meta.find(class_="dateline") is None


def test_russian_news_page_shows_the_type_in_russian(release, client):
    russian = translate(release, "ru", dateline="ВАРШАВА")
    meta = get_soup(client.get(russian.url)).find("p", class_="meta")
    assert line_of(meta) == "Пресс-релиз · ВАРШАВА, 29 мая 2025 г."


@pytest.fixture
def guide(site_tree, odihr):
    resource = factories.ResourcePageFactory(
        parent=site_tree.resources,
        title="Hate crime victim support",
        slug="hate-crime-victim-support",
        date=datetime.date(2024, 11, 20),
        resource_type=ResourceType.GUIDE,
        isbn="978-92-9234-832-8",
        publisher=odihr,
        collections=[
            factories.ResourceCollectionFactory(name="Hate Crime Data-Collection and Monitoring")
        ],
        fields_of_work=[factories.FieldOfWorkFactory(name="Tolerance and non-discrimination")],
    )
    factories.ResourceDocumentFactory(page=resource, language="en", title="Guide")
    factories.ResourceDocumentFactory(page=resource, language="ru", title="Руководство")
    return resource


def test_resource_page_shows_type_publisher_isbn_and_file_languages(guide, client):
    soup = get_soup(client.get("/en/resources/hate-crime-victim-support/"))
    assert text_of(soup.find("p", class_="meta")) == "Guide / manual / handbook · 20 November 2024"
    details = soup.find("dl", class_="resource-details")
    assert [text_of(tag) for tag in details.find_all(["dt", "dd"])] == [
        "Publisher",
        "OSCE Office for Democratic Institutions and Human Rights",
        "Collections",
        "Hate Crime Data-Collection and Monitoring",
        "Fields of work",
        "Tolerance and non-discrimination",
        "ISBN",
        "978-92-9234-832-8",
    ]
    links = soup.select(".file-list a")
    assert [(text_of(a), a["hreflang"]) for a in links] == [("Guide", "en"), ("Руководство", "ru")]
    assert [text_of(tag) for tag in soup.select(".file-meta")] == [
        "(English, PDF)",
        "(Russian, PDF)",
    ]


def test_russian_resource_page_names_type_and_languages_in_russian(guide, client):
    russian = translate(guide, "ru")
    soup = get_soup(client.get(russian.url))
    assert text_of(soup.find("p", class_="meta")).startswith("Руководство / пособие / справочник")
    details = [text_of(tag) for tag in soup.find("dl", class_="resource-details").find_all("dt")]
    assert details == ["Издатель", "Коллекции", "Направления деятельности", "ISBN"]
    assert [text_of(tag) for tag in soup.select(".file-meta")] == [
        "(Английский, PDF)",
        "(Русский, PDF)",
    ]


def test_resource_without_isbn_leaves_it_out(site_tree, client):
    factories.ResourcePageFactory(parent=site_tree.resources, slug="no-isbn")
    soup = get_soup(client.get("/en/resources/no-isbn/"))
    assert [text_of(tag) for tag in soup.select(".resource-details dt")] == [
        "Publisher",
        "Fields of work",
    ]


# The news listing's filters ---------------------------------------------------------------


@pytest.fixture
def listed_news(site_tree):
    elections, civil_society, hate_crime = site_tree.areas

    def page(title, date, news_type, areas):
        return factories.NewsPageFactory(
            parent=site_tree.news,
            title=title,
            date=datetime.date.fromisoformat(date),
            news_type=news_type,
            thematic_areas=areas,
        )

    page("Release on hate crime", "2025-05-29", NewsType.PRESS_RELEASE, [hate_crime])
    page("Advisory on elections", "2025-01-10", NewsType.MEDIA_ADVISORY, [elections])
    page("Older news item", "2024-12-01", NewsType.NEWS_ITEM, [hate_crime, civil_society])


def listed(client, url):
    return [text_of(tag) for tag in get_soup(client.get(url)).select(".card__title")]


def test_news_listing_is_newest_first_with_each_type(listed_news, client):
    soup = get_soup(client.get("/en/news/"))
    assert [text_of(tag) for tag in soup.select(".card__title")] == [
        "Release on hate crime",
        "Advisory on elections",
        "Older news item",
    ]
    assert [text_of(tag) for tag in soup.select(".card__type")] == [
        "Press release",
        "Media advisory",
        "News item",
    ]


def test_news_listing_filters_by_type_area_and_year(listed_news, client):
    assert listed(client, "/en/news/?type=press-release") == ["Release on hate crime"]
    assert listed(client, "/en/news/?area=hate-crime") == [
        "Release on hate crime",
        "Older news item",
    ]
    assert listed(client, "/en/news/?year=2025") == [
        "Release on hate crime",
        "Advisory on elections",
    ]
    assert listed(client, "/en/news/?type=news-item&area=hate-crime&year=2024") == [
        "Older news item"
    ]
    soup = get_soup(client.get("/en/news/?type=media-advisory&year=2024"))
    assert soup.select(".card__title") == []
    assert "No news matches these filters." in text_of(soup)


def test_news_listing_offers_the_types_and_the_years_with_news(listed_news, client):
    form = get_soup(client.get("/en/news/")).find("form", class_="filters")
    types = [
        option["value"] for option in form.find("select", attrs={"name": "type"}).find_all("option")
    ]
    assert types == ["", "news-item", "press-release", "media-advisory", "press-statement"]
    years = [
        option["value"] for option in form.find("select", attrs={"name": "year"}).find_all("option")
    ]
    assert years == ["", "2025", "2024"]


def test_news_listing_ignores_invalid_filters_with_a_message(listed_news, client):
    soup = get_soup(client.get("/en/news/?type=blog&year=1900"))
    assert len(soup.select(".card__title")) == 3
    assert soup.find(class_="form-error") is not None


def test_russian_news_listing_labels_its_filters_in_russian(listed_news, site_tree, client):
    translate(site_tree.news, "ru")
    soup = get_soup(client.get("/ru/news/"))
    form = soup.find("form", class_="filters")
    assert form["aria-label"] == "Фильтр новостей"
    options = [text_of(o) for o in form.find("select", attrs={"name": "type"}).find_all("option")]
    assert options[1:3] == ["Новость", "Пресс-релиз"]
