"""Template tags of the resources app."""

from django import template
from wagtail.documents import get_document_model

from core.querysets import outside_private_collections
from core.sharing import absolute_url, image_data, json_ld_script, organization_data
from resources.models import ResourceType

register = template.Library()

# The schema.org type of each kind of publication: handbooks come out as books (most with
# an ISBN), studies and annual reports as reports, the rest as creative works.
SCHEMA_TYPES = {
    ResourceType.GUIDE: "Book",
    ResourceType.REPORT: "Report",
    ResourceType.ANNUAL_REPORT: "Report",
}


def resource_structured_data(page, request=None):
    """schema.org data of a publication for search engines, as a dict.

    Its files are listed as the work's encodings, each in its language, except those in
    a private collection: search engines get only what anyone may download.
    """
    url = page.get_full_url(request=request)
    schema_type = SCHEMA_TYPES.get(page.resource_type, "CreativeWork")
    data = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "name": page.title,
        "url": url,
        "datePublished": page.date.isoformat(),
        "inLanguage": page.locale.language_code,
        "genre": str(page.get_resource_type_display()),
    }
    description = page.search_description or page.summary
    if description:
        data["description"] = description
    if page.isbn:
        # "isbn" belongs to Book; other types carry it as an identifier.
        if schema_type == "Book":
            data["isbn"] = page.isbn
        else:
            data["identifier"] = {
                "@type": "PropertyValue",
                "propertyID": "ISBN",
                "value": page.isbn,
            }
    image = image_data(page, url)
    if image is not None:
        data["image"] = image
    publisher = page.localized_publisher()
    data["publisher"] = organization_data(publisher)
    series = [
        {"@type": "CreativeWorkSeries", "name": collection.name}
        for collection in page.localized_collections()
    ]
    if series:
        data["isPartOf"] = series
    # Ids, not a join: a previewed page holds its files in memory, not in the database.
    files = list(page.documents.all())
    documents = outside_private_collections(
        get_document_model().objects.filter(pk__in=[file.document_id for file in files])
    ).in_bulk()
    encodings = [
        {
            "@type": "MediaObject",
            "name": file.title or documents[file.document_id].title,
            "contentUrl": absolute_url(documents[file.document_id].url, url),
            "encodingFormat": documents[file.document_id].content_type,
            "inLanguage": file.language,
        }
        for file in files
        if file.document_id in documents
    ]
    if encodings:
        data["encoding"] = encodings
    return data


@register.simple_tag(takes_context=True)
def resource_json_ld(context, page):
    """``<script type="application/ld+json">`` with the publication's schema.org data."""
    return json_ld_script(resource_structured_data(page, context.get("request")))
