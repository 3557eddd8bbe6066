"""factory_boy factories for every page type, snippet, image and document; pages take ``parent=``."""

import datetime

import factory
import wagtail_factories
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.models import Collection, Locale

from events.models import EventIndexPage, EventPage, EventType
from home.models import HomePage, StandardPage
from news.models import NewsIndexPage, NewsPage
from resources.models import ResourceCollection, ResourceDocument, ResourceIndexPage, ResourcePage
from taxonomies.models import FieldOfWork, Organization
from thematic_areas.models import ThematicAreaIndexPage, ThematicAreaPage


class TaxonomyFactory(DjangoModelFactory):
    locale = factory.LazyFunction(Locale.get_default)
    name = factory.Sequence(lambda n: f"Term {n}")
    slug = factory.LazyAttribute(lambda term: slugify(term.name))

    class Meta:
        abstract = True


class EventTypeFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Event type {n}")

    class Meta:
        model = EventType


class FieldOfWorkFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Field of work {n}")

    class Meta:
        model = FieldOfWork


class OrganizationFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Organization {n}")

    class Meta:
        model = Organization


class ResourceCollectionFactory(TaxonomyFactory):
    name = factory.Sequence(lambda n: f"Collection {n}")

    class Meta:
        model = ResourceCollection


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")

    class Meta:
        model = StandardPage


class ThematicAreaIndexPageFactory(wagtail_factories.PageFactory):
    title = "Our work"
    slug = "our-work"

    class Meta:
        model = ThematicAreaIndexPage


class ThematicAreaPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Thematic area {n}")

    class Meta:
        model = ThematicAreaPage


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Events"
    slug = "events"

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Event {n}")
    event_type = factory.SubFactory(EventTypeFactory)
    start_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))
    city = "Sibiu"
    country = "RO"
    source = factory.SubFactory(OrganizationFactory)
    fields_of_work = factory.LazyFunction(lambda: [FieldOfWorkFactory()])
    summary = "An event."

    class Meta:
        model = EventPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "News"
    slug = "news"

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"News item {n}")
    date = factory.LazyFunction(datetime.date.today)
    summary = "A news item."
    issued_by = factory.LazyFunction(lambda: [OrganizationFactory()])
    fields_of_work = factory.LazyFunction(lambda: [FieldOfWorkFactory()])

    class Meta:
        model = NewsPage


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Resources"
    slug = "resources"

    class Meta:
        model = ResourceIndexPage


class ResourcePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Resource {n}")
    date = factory.LazyFunction(datetime.date.today)
    summary = "A resource."
    publisher = factory.SubFactory(OrganizationFactory)
    fields_of_work = factory.LazyFunction(lambda: [FieldOfWorkFactory()])

    class Meta:
        model = ResourcePage


class ImageFactory(wagtail_factories.ImageFactory):
    """An image in the root collection (wagtail-factories' default makes a new root per image)."""

    title = factory.Sequence(lambda n: f"Image {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)


class DocumentFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"Document {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.FileField(filename="publication.pdf", data=b"%PDF-1.4 test")


class ResourceDocumentFactory(DjangoModelFactory):
    document = factory.SubFactory(DocumentFactory)
    language = "en"

    class Meta:
        model = ResourceDocument
