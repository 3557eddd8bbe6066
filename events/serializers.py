"""API fields of an event's relations: its organisers, its main event and side events, and
the news and resources related to it. Each is given in the event's language and lists only
what visitors can see (the page's own methods decide both, as for the page's template)."""

from rest_framework.fields import Field

from core.serializers import (
    ChoiceField,
    TaxonomyField,
    page_link,
    page_link_openapi_schema,
    translation_cache,
)
from events.organizers import OrganizerRole, organized_by
from taxonomies.models import Organization


class RelationField(Field):
    """A field computed from the whole page."""

    def get_attribute(self, instance):
        return instance


class OrganizersField(RelationField):
    """``[{"organization": {…term…}, "role": {"slug", "name"}}]`` in the page's order."""

    def to_representation(self, page):
        role = ChoiceField(OrganizerRole)
        return [
            {
                "organization": TaxonomyField.localized_term(self.context, row.organization, page),
                "role": role.choice(row.role, page),
            }
            for row in page.organizers.all()
        ]

    def openapi_schema(self, builder, model_field):
        return {
            "type": "array",
            "description": "The organizers in the page's order, each with its role.",
            "items": builder.object(
                {
                    "organization": TaxonomyField.term_schema(builder, Organization),
                    "role": ChoiceField(OrganizerRole).openapi_schema(builder, None),
                }
            ),
        }


class OrganizedByField(RelationField):
    """The organisers as one line in the page's language, as the page shows it."""

    def to_representation(self, page):
        return organized_by(page, translations=translation_cache(self.context))

    def openapi_schema(self, builder, model_field):
        return {
            "type": "string",
            "description": "The organizers as one line in the page's language "
            '("Organized by ODIHR and ACCEPT, with the support of …"); empty when none.',
        }


class MainEventField(RelationField):
    """The main event or series, as a page link in the page's language; null when none."""

    def to_representation(self, page):
        main_event = page.main_event_in_language()
        return page_link(main_event, self.context.get("request")) if main_event else None

    def openapi_schema(self, builder, model_field):
        return builder.nullable(builder.component("PageLink", page_link_openapi_schema))


class SideEventsField(RelationField):
    """The side events of this event, soonest first."""

    def to_representation(self, page):
        request = self.context.get("request")
        return [page_link(event, request) for event in page.visible_side_events()]

    def openapi_schema(self, builder, model_field):
        return {
            "type": "array",
            "description": "Its side events (events that name it as their main event), soonest first.",
            "items": builder.component("PageLink", page_link_openapi_schema),
        }


class RelatedPagesField(RelationField):
    """The related news and resources, in the page's order, each with its page type."""

    def to_representation(self, page):
        request = self.context.get("request")
        return [
            {**page_link(related, request), "type": related._meta.label}
            for related in page.visible_related_pages()
        ]

    def openapi_schema(self, builder, model_field):
        return {
            "type": "array",
            "description": "Related news and resources, in the page's order.",
            "items": builder.object(
                {
                    "id": {"type": "integer"},
                    "title": {"type": "string"},
                    "url": {"type": ["string", "null"], "description": "Path of the page."},
                    "type": {"type": "string", "examples": ["news.NewsPage"]},
                }
            ),
        }
